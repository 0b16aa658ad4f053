/**
 * The one error and the one notice the user must see, each tied to the step it is about: the step
 * the action was asked from, or none for the studio's own messages (storage, other tabs), which
 * show on every step. A step's messages go when the user leaves it or edits its form.
 */

/** A message for the user and the step it belongs to (null: the studio's own, shown everywhere). */
export interface Message {
  text: string;
  step: string | null;
}

export class Messages {
  /** The step on screen, which new messages belong to. */
  #step = $state<string | null>(null);
  #error = $state.raw<Message | null>(null);
  #notice = $state.raw<Message | null>(null);

  /** The step on screen (null before the first one is entered). */
  get step(): string | null { return this.#step; }
  /** The error to show in an alert now, if it belongs to the step on screen. */
  get error(): string | null { return this.#visible(this.#error); }
  /** A short outcome worth announcing (a cancelled load, a finished run), if it belongs here. */
  get notice(): string | null { return this.#visible(this.#notice); }

  /**
   * The user moved to another step: the messages of the step they leave go with it (they were
   * about that step's actions), and messages of work asked for on the new step show there.
   */
  enterStep(step: string): void {
    if (step === this.#step) return;
    this.#clear(this.#step);
    // A studio-wide notice has been seen where it appeared; errors stay until dismissed.
    if (this.#notice?.step === null) this.#notice = null;
    this.#step = step;
  }

  /** The user changed a form on the step on screen: its messages are out of date. */
  formChanged(): void {
    this.#clear(this.#step);
  }

  /** Clears the messages of `step` (a new job asked from there makes them out of date). */
  clear(step: string | null): void {
    this.#clear(step);
  }

  dismissError(): void {
    this.#error = null;
  }

  /** Shows an error on `step`, by default the step on screen. */
  fail(text: string, step: string | null = this.#step): void {
    this.#error = { text, step };
  }

  /** Shows a notice on `step`, by default the step on screen. */
  tell(text: string, step: string | null = this.#step): void {
    this.#notice = { text, step };
  }

  #visible(message: Message | null): string | null {
    return message && (message.step === null || message.step === this.#step) ? message.text : null;
  }

  #clear(step: string | null): void {
    if (step === null) return;
    if (this.#error?.step === step) this.#error = null;
    if (this.#notice?.step === step) this.#notice = null;
  }
}
