/**
 * A model step that cannot go on with the data and settings given: no features chosen, a target
 * with one class, a part without labelled rows … The message is shown to the person as is: it
 * says what is wrong in plain words and, where it can, what to change.
 */
export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}
