/** What an error says, for a message to the user: its `message`, or the thrown value itself when it is not an `Error`. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
