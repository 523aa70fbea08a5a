/** A turn of the conversation as the page keeps it and sends it to the relay. */
export interface Message {
  role: 'user' | 'assistant';
  content: string;
}
