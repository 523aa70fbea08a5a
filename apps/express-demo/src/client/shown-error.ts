/** An error to show as it is: its message is already in words a person understands. */
export class ShownError extends Error {}
