/** How the model's web search tool searches, for the `search_settings` parameter. */
export interface SearchSettings {
  /** Search only these domains, e.g. `['groq.com', 'wikipedia.org']`. */
  include_domains?: string[] | null;
  /** Never return results from these domains. */
  exclude_domains?: string[] | null;
  /** Whether results may include images. */
  include_images?: boolean | null;
  /** Prefer results from this country, by its English name in lower case, e.g. `'germany'`. */
  country?: string | null;
}
