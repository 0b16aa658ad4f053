/**
 * Hash routing: each step has its own address (`#/explore`), so a reload, a bookmark or the
 * back button opens the same step.
 */
import { isStepId, type StepId } from './step-ids';

function parse(hash: string): StepId | null {
  const id = hash.replace(/^#\/?/, '').toLowerCase();
  return isStepId(id) ? id : null;
}

export class Router {
  #step = $state<StepId>('data');
  /** Whether the address named a step when the page opened (else the project's last step is used). */
  readonly addressedOnLoad: boolean;

  constructor() {
    const initial = parse(location.hash);
    this.addressedOnLoad = initial !== null;
    this.#step = initial ?? 'data';
    window.addEventListener('hashchange', () => {
      const step = parse(location.hash);
      if (step) this.#step = step;
      else this.go(this.#step, true);
    });
  }

  get step(): StepId {
    return this.#step;
  }

  go(step: StepId, replace = false): void {
    const hash = `#/${step}`;
    if (replace) history.replaceState(null, '', hash);
    else if (location.hash !== hash) location.hash = hash;
    this.#step = step;
  }
}
