import { mount } from 'svelte';
import App from './App.svelte';
import { updates } from './pwa/updates.svelte';
import './ui/global.css';

mount(App, { target: document.getElementById('app')! });
// The service worker that keeps the studio working offline (production builds only).
updates.start();
