/** Size limits shared by validation, the store's body limit and the clients' forms. */
export const LIMITS = {
  title: 300,
  body: 20_000,
  note: 2_000,
  quote: 5_000,
  quoteContext: 200,
  url: 2_048,
  tag: 40,
  tags: 12,
  name: 120,
  email: 254,
  pushBatch: 100,
  /** Largest JSON body the store reads, in bytes. */
  bodyBytes: 512 * 1024,
} as const;
