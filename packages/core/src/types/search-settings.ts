/** How the model's web search tool searches, for the `search_settings` parameter. */
export interface SearchSettings {
  /** Search only these domains, e.g. `['groq.com', 'wikipedia.org']`. */
  include_domains?: string[] | null | undefined;
  /** Never return results from these domains. */
  exclude_domains?: string[] | null | undefined;
  /** Whether results may include images. */
  include_images?: boolean | null | undefined;
  /** Prefer results from this country, by its English name in lower case, e.g. `'germany'`. */
  country?: string | null | undefined;
}
