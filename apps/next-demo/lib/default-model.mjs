// Plain JavaScript, so that scripts/start.mjs can name the model in its start-up lines as lib/groq.ts asks for it.

/** The model the demo asks for unless `GROQ_MODEL` names another. */
export const defaultModel = 'llama-3.3-70b-versatile';
