/**
 * The JSON Lines codec: a body of one sample per line ({@code application/x-ndjson},
 * {@code application/jsonl}) read into sample batches by the JSON document's tokenizer,
 * with errors that name the physical line and point into the request as if it were a JSON
 * document.
 */
package dev.xent.codec.jsonl;
