/**
 * The assistant that answers website visitors (and, later, assistant sessions):
 * the {@link dev.parley.assistant.control.Assistant} interface with a built-in,
 * offline implementation that answers only from the tenant's knowledge base
 * (PostgreSQL full-text search) and an adapter for any OpenAI-compatible
 * chat-completions endpoint, streamed. {@link dev.parley.assistant.control.AssistantTurns}
 * runs replies off the request and socket threads, one at a time per chat, and
 * ties typing, streaming, cancelling and hand-over to each reply's life.
 * docs/assistant.md is the user's guide.
 */
package dev.parley.assistant;
