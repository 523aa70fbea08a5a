/** The model the demo asks for unless `GROQ_MODEL` names another. */
export const defaultModel: 'llama-3.3-70b-versatile';
