/**
 * Drives the studio through its UI by the names in docs/ui-names.md (as tests/e2e/*.spec.ts do) and times
 * each action from the moment it is taken to the status that says it finished. End times are read
 * in the page (Date.now() when the status is seen, polled every 50 ms), start times in Node just
 * before the action: both are the same machine's clock.
 */

const POLL_MS = 50;

/**
 * Waits until an element matching `selector` has text matching `pattern`; returns the page time
 * it was seen and the text. Throws at once if the studio shows an error alert.
 */
export async function waitForText(page, pattern, { selector = '[role=status]', timeoutMs = 600_000 } = {}) {
  const handle = await page.waitForFunction(
    ({ source, flags, selector }) => {
      const alert = document.querySelector('.alert[role=alert]');
      if (alert) return { error: alert.textContent.replace(/\s+/g, ' ').trim() };
      const re = new RegExp(source, flags);
      for (const el of document.querySelectorAll(selector)) {
        const text = el.textContent.replace(/\s+/g, ' ').trim();
        if (re.test(text)) return { t: Date.now(), text };
      }
      return false;
    },
    { source: pattern.source, flags: pattern.flags, selector },
    { timeout: timeoutMs, polling: POLL_MS },
  );
  const value = await handle.jsonValue();
  await handle.dispose();
  if (value.error) throw new Error(`The studio showed an alert: ${value.error}`);
  return value;
}

/** Closes any error alert left from before, so a new one means this action failed. */
export async function dismissAlerts(page) {
  for (const button of await page.locator('.alert[role=alert] button', { hasText: 'Dismiss' }).all()) await button.click().catch(() => {});
}

export async function nav(page, name) {
  await page.getByRole('navigation', { name: 'Workflow' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

const usable = () => {
  const opening = [...document.querySelectorAll('[role=status]')].some((e) => /Opening the studio/.test(e.textContent));
  return document.querySelector('h1') && !opening ? performance.now() : false;
};

/**
 * Cold start in a fresh browser context (empty cache and storage): navigation start to a usable
 * page (the step's heading shown and the studio's storage open), read in the page. Returns the
 * same-origin .js/.css files requested before then.
 */
export async function coldStart(context, url, timeoutMs) {
  const page = await context.newPage();
  const requested = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(usable, null, { polling: 'raf', timeout: timeoutMs });
  const ms = await handle.jsonValue();
  const files = requested.filter((u) => /\.(js|mjs|css)(\?|$)/.test(u));
  return { page, ms, files };
}

/** Opens the studio in `page` and waits until it is usable. */
export async function open(page, url, timeoutMs = 120_000) {
  await page.goto(url);
  await page.waitForFunction(usable, null, { polling: POLL_MS, timeout: timeoutMs });
}

export const loadedPattern = (rows, columns) => new RegExp(`\\b${rows} rows × ${columns} columns`);

/** Data step: the file chosen in `Load data file` until `N rows × M columns`. */
export async function ingest(page, path, rows, columns, timeoutMs) {
  await dismissAlerts(page);
  const t0 = Date.now();
  await page.getByLabel('Load data file', { exact: true }).setInputFiles(path);
  const seen = await waitForText(page, loadedPattern(rows, columns), { timeoutMs });
  return { ms: seen.t - t0, statusText: seen.text };
}

/** Reload until the Data step's status shows the stored table again. */
export async function restore(page, rows, columns, timeoutMs) {
  const t0 = Date.now();
  await page.reload({ waitUntil: 'commit' });
  const seen = await waitForText(page, loadedPattern(rows, columns), { timeoutMs });
  return { ms: seen.t - t0, statusText: seen.text };
}

/**
 * Explore: arriving at the step until the `Column profile` table and its status are shown. The
 * data worker caches a profile per pipeline version, so each run first reloads the page (and
 * waits for the stored table) to time a real profile.
 */
export async function explore(page, rows, columns, timeoutMs) {
  await page.goto(page.url().replace(/#.*$/, '#/data'));
  await page.reload();
  await waitForText(page, loadedPattern(rows, columns), { timeoutMs });
  await dismissAlerts(page);
  const t0 = Date.now();
  await page.getByRole('navigation', { name: 'Workflow' }).getByRole('link', { name: 'Explore', exact: true }).click();
  const seen = await waitForText(page, /^Profile of \d+ rows × \d+ columns/, { timeoutMs });
  await page.getByRole('table', { name: 'Column profile' }).waitFor({ timeout: 10_000 });
  const profileRows = await page.getByRole('table', { name: 'Column profile' }).getByRole('row').count();
  return { ms: seen.t - t0, statusText: seen.text, profileRows: profileRows - 1 };
}

/** The 5 steps of the benchmark's recipe, each as the Clean form's fields. */
export const RECIPE = [
  { label: 'Impute n01 with its median', operation: 'Impute missing values', column: 'n01', selects: { Strategy: 'Median' } },
  { label: 'Impute n02 with its mean', operation: 'Impute missing values', column: 'n02', selects: { Strategy: 'Mean' } },
  // The IQR factor is left at its default, 1.5.
  { label: 'Clip n06 (IQR, k = 1.5)', operation: 'Clip outliers', column: 'n06', selectValues: { Method: 'iqr' } },
  { label: 'Replace "violet" in c1 with "purple"', operation: 'Replace values', column: 'c1', fills: { Replace: 'violet', With: 'purple' } },
  { label: 'Trim the text of c2', operation: 'Trim text', column: 'c2' },
];

/**
 * Installed before the studio loads (page.addInitScript): counts the Comlink requests in flight
 * to the studio's workers (a request carries an `id`; its answer comes back with the same `id`).
 * It only observes; the benchmark uses it to know when the Clean form's preview has finished.
 */
export function trackWorkerRequests() {
  const pending = new Set();
  globalThis.__benchPending = pending;
  globalThis.__benchLastChange = 0;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && typeof message === 'object' && typeof message.id === 'string' && typeof message.type === 'string') {
      pending.add(message.id);
      globalThis.__benchLastChange = performance.now();
      if (!this.__benchListening) {
        this.__benchListening = true;
        this.addEventListener('message', (event) => {
          if (event.data && typeof event.data.id === 'string' && pending.delete(event.data.id)) globalThis.__benchLastChange = performance.now();
        });
      }
    }
    return post.call(this, message, ...rest);
  };
}

/**
 * Waits until the Clean form's preview (run 250 ms after the last change, in the data worker) has
 * finished, so the Apply that follows is timed alone: no worker request in flight for 300 ms,
 * at least 600 ms after the last field was set.
 */
async function settlePreview(page, timeoutMs) {
  await page.waitForTimeout(600);
  await page.waitForFunction(
    () => globalThis.__benchPending?.size === 0 && performance.now() - globalThis.__benchLastChange >= 300,
    null,
    { polling: POLL_MS, timeout: timeoutMs },
  );
  return page.evaluate(() => document.querySelector('.preview')?.textContent ?? '');
}

/** Clean: applies the recipe's steps one by one; each timed from Apply to the recipe list showing it. */
export async function applyRecipe(page, timeoutMs) {
  const list = page.getByRole('list', { name: 'Cleaning recipe' });
  const steps = [];
  for (const step of RECIPE) {
    await dismissAlerts(page);
    const count = await list.getByRole('listitem').count();
    await page.getByLabel('Operation', { exact: true }).selectOption({ label: step.operation });
    await page.getByLabel('Column', { exact: true }).selectOption(step.column);
    for (const [label, option] of Object.entries(step.selects ?? {})) await page.getByLabel(label, { exact: true }).selectOption({ label: option });
    for (const [label, value] of Object.entries(step.selectValues ?? {})) await page.getByLabel(label, { exact: true }).selectOption(value);
    for (const [label, value] of Object.entries(step.fills ?? {})) await page.getByLabel(label, { exact: true }).fill(value);
    const preview = await settlePreview(page, timeoutMs);
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const seen = await waitForText(page, /./, { selector: `ol[aria-label="Cleaning recipe"] > li:nth-child(${count + 1})`, timeoutMs });
    steps.push({ step: step.label, ms: seen.t - t0, preview, description: seen.text });
  }
  return { ms: steps.reduce((s, x) => s + x.ms, 0), steps };
}

/** Undoes every recipe step (not timed). */
export async function undoAll(page, timeoutMs) {
  const list = page.getByRole('list', { name: 'Cleaning recipe' });
  for (let n = await list.getByRole('listitem').count(); n > 0; n--) {
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await page.waitForFunction((n) => document.querySelectorAll('ol[aria-label="Cleaning recipe"] > li').length === n - 1, n, { polling: POLL_MS, timeout: timeoutMs });
  }
}

/** Reload on the Clean step until its status shows the table after the replayed recipe. */
export async function reloadClean(page, timeoutMs) {
  const t0 = Date.now();
  await page.reload({ waitUntil: 'commit' });
  const seen = await waitForText(page, /^\d+ rows × \d+ columns after the recipe/, { timeoutMs });
  const steps = await page.getByRole('list', { name: 'Cleaning recipe' }).getByRole('listitem').count();
  return { ms: seen.t - t0, statusText: seen.text, steps };
}

/** Split: the parts in percent; returns the counts. */
export async function split(page, parts, seed, timeoutMs) {
  await nav(page, 'Split');
  await dismissAlerts(page);
  await page.getByLabel('Train %', { exact: true }).fill(String(parts.train));
  await page.getByLabel('Validation %', { exact: true }).fill(String(parts.validation));
  await page.getByLabel('Test %', { exact: true }).fill(String(parts.test));
  await page.getByLabel('Seed', { exact: true }).fill(String(seed));
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Split data' }).click();
  const seen = await waitForText(page, /Train \d+ · Validation \d+ · Test \d+/, { timeoutMs });
  const [train, validation, test] = seen.text.match(/Train (\d+) · Validation (\d+) · Test (\d+)/).slice(1).map(Number);
  return { ms: seen.t - t0, train, validation, test };
}

const MODEL_LABEL = { mlp: 'Neural network (MLP)', logistic: 'Logistic regression' };
const BACKEND_LABEL = { auto: 'Auto', webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/**
 * Train: one model with the benchmark's settings (2 epochs, batch 1024, MLP 64,32), from the Train
 * button to `Training complete`. Also returns the studio's own training time (its status), the
 * backend it used and the last validation loss.
 */
export async function train(page, { model, backend, name, epochs, batchSize, target = 'target' }, timeoutMs) {
  if (!(await page.getByRole('heading', { level: 1, name: 'Train', exact: true }).isVisible())) await nav(page, 'Train');
  await dismissAlerts(page);
  await page.getByLabel('Target column', { exact: true }).selectOption(target);
  await page.getByLabel('Task', { exact: true }).selectOption('classification');
  await page.getByLabel('Model', { exact: true }).selectOption({ label: MODEL_LABEL[model] });
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.getByLabel('Batch size', { exact: true }).fill(String(batchSize));
  if (model === 'mlp') await page.getByLabel('Hidden layers', { exact: true }).fill('64,32');
  await page.getByLabel('Backend', { exact: true }).selectOption({ label: BACKEND_LABEL[backend] });
  await page.getByLabel('Model name', { exact: true }).fill(name);
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const seen = await waitForText(page, new RegExp(`Training complete: ${escaped} on (\\S+), (\\d+) epochs in ([\\d.]+) s`), { timeoutMs });
  const [, used, epochsDone, appSeconds] = seen.text.match(new RegExp(`Training complete: ${escaped} on (\\S+), (\\d+) epochs in ([\\d.]+) s`));
  const live = await page.evaluate(() => [...document.querySelectorAll('[role=status]')].map((e) => e.textContent.replace(/\s+/g, ' ')).find((t) => /validation loss/.test(t)) ?? '');
  const loss = /validation loss (\d+(?:\.\d+)?)/.exec(live)?.[1];
  return { ms: seen.t - t0, backendUsed: used, epochs: Number(epochsDone), appMs: Number(appSeconds) * 1000, validationLoss: loss ? Number(loss) : null };
}

/** Makes `name` the selected model (through the Test step's model picker). */
export async function selectModel(page, name) {
  await nav(page, 'Test');
  const picker = page.locator('#model-picker');
  if (await picker.count()) {
    const current = await picker.locator('option:checked').textContent();
    if (current !== name) {
      await picker.selectOption({ label: name });
      await page.waitForFunction((name) => document.querySelector('#model-picker option:checked')?.textContent === name, name, { polling: POLL_MS });
    }
  }
}

/** Package: arriving at the step until its parity status; then Export ONNX, saved to `onnxPath`. */
export async function packageModel(page, onnxPath, timeoutMs) {
  await dismissAlerts(page);
  const t0 = Date.now();
  await page.getByRole('navigation', { name: 'Workflow' }).getByRole('link', { name: 'Package', exact: true }).click();
  const seen = await waitForText(page, /^Parity: max difference \S+ on \d+ rows/, { timeoutMs });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export ONNX' }).click();
  await (await download).saveAs(onnxPath);
  return { ms: seen.t - t0, statusText: seen.text };
}

/** Serve: arriving at the step until the Predict form is there. */
export async function openServe(page, timeoutMs) {
  await dismissAlerts(page);
  const t0 = Date.now();
  await nav(page, 'Serve');
  await page.getByRole('button', { name: 'Predict', exact: true }).waitFor({ timeout: timeoutMs });
  return { ms: Date.now() - t0 };
}

/** Serve: `Score data file` until `N rows scored in X ms`; X is the studio's own figure. */
export async function scoreFile(page, path, timeoutMs) {
  // A fresh Serve view, so the status seen is this run's.
  await nav(page, 'Logs');
  await nav(page, 'Serve');
  await page.getByRole('button', { name: 'Predict', exact: true }).waitFor({ timeout: timeoutMs });
  await dismissAlerts(page);
  const t0 = Date.now();
  await page.getByLabel('Score data file', { exact: true }).setInputFiles(path);
  const seen = await waitForText(page, /^(\d+) rows scored in (\d+) ms; (\d+) rows flagged/, { timeoutMs });
  const [, rows, appMs, flagged] = seen.text.match(/^(\d+) rows scored in (\d+) ms; (\d+) rows flagged/).map(Number);
  return { ms: seen.t - t0, rows, appMs, flagged };
}

/**
 * Serve: `count` single predictions through the form, each timed in the page from the Predict
 * click to the answer changing in the DOM. The serve worker answers first and queues the log
 * record, which is stored in a batched transaction within about 100 ms. The input `field` alternates between two values so every answer differs.
 */
export async function predictions(page, { count, field, values }, timeoutMs) {
  const times = [];
  const workerTimes = [];
  for (let i = 0; i < count; i++) {
    await page.getByLabel(field, { exact: true }).fill(String(values[i % values.length]));
    const ms = await page.evaluate((timeoutMs) => {
      const button = [...document.querySelectorAll('form button[type=submit]')].find((b) => b.textContent.trim() === 'Predict');
      const answer = document.getElementById('answer-heading')?.closest('section');
      if (!button || !answer) throw new Error('No Predict form');
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => (observer.disconnect(), reject(new Error('No answer within the time limit'))), timeoutMs);
        const observer = new MutationObserver(() => {
          observer.disconnect();
          clearTimeout(timer);
          resolve(performance.now() - t0);
        });
        observer.observe(answer, { subtree: true, childList: true, characterData: true, attributes: true });
        const t0 = performance.now();
        button.click();
      });
    }, Math.min(timeoutMs, 60_000));
    times.push(ms);
    // The latency the studio itself shows: the serve worker's share of the time.
    const shown = /\(([\d.]+) ms\)/.exec((await page.locator('.answer').textContent()) ?? '');
    if (shown) workerTimes.push(Number(shown[1]));
  }
  const alert = await page.locator('.alert[role=alert]').count();
  if (alert) throw new Error(`The studio showed an alert: ${await page.locator('.alert[role=alert]').first().textContent()}`);
  return { times, workerTimes };
}
