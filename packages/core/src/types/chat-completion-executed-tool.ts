/**
 * A tool that Groq ran while answering (web search, code execution, browsing…), on Compound models and
 * on models given built-in tools. Unlike `tool_calls`, these need nothing from your code.
 */
export interface ChatCompletionExecutedTool {
  /** Position of this tool run among the message's executed tools. */
  index: number;
  /** Which tool ran (a web search, code execution, a browser…); the names depend on the model. */
  type: string;
  /** The arguments the tool ran with, as a JSON text. */
  arguments: string;
  /** The tool's output as text. */
  output?: string | null;
  /** The results of a web search. */
  search_results?: ExecutedToolSearchResults | null;
  /** The results of a code execution. */
  code_results?: ExecutedToolCodeResult[];
  /** The pages a browser tool visited. */
  browser_results?: ExecutedToolBrowserResult[];
}

/** What a web search found. */
export interface ExecutedToolSearchResults {
  /** The pages found, best first. */
  results?: ExecutedToolSearchResult[];
  /** URLs of images found (with `search_settings.include_images`). */
  images?: string[];
}

/** One page found by a web search. */
export interface ExecutedToolSearchResult {
  /** The page's title. */
  title?: string;
  /** The page's URL. */
  url?: string;
  /** The relevant text of the page. */
  content?: string;
  /** How relevant the page is to the query; higher is more relevant. */
  score?: number;
}

/** One page visited by a browser tool. */
export interface ExecutedToolBrowserResult {
  /** The page's title. */
  title: string;
  /** The page's URL. */
  url: string;
  /** The page's text. */
  content?: string;
  /** A URL where the browser session can be watched live. */
  live_view_url?: string;
}

/** The output of one code execution. */
export interface ExecutedToolCodeResult {
  /** The output as text. */
  text?: string;
  /** An image the code produced, as base64-encoded PNG. */
  png?: string;
  /** A chart the code drew. */
  chart?: ExecutedToolChart;
  /** The charts of a combined figure (`type: 'superchart'`). */
  charts?: ExecutedToolChart[];
}

/** A chart drawn by executed code, as data you can render yourself. */
export interface ExecutedToolChart {
  /** Kind of chart. */
  type: 'bar' | 'box_and_whisker' | 'line' | 'pie' | 'scatter' | 'superchart' | 'unknown';
  /** The data series, bars, slices or points. */
  elements: ExecutedToolChartElement[];
  /** The chart's title. */
  title?: string;
  /** Label of the x axis. */
  x_label?: string;
  /** Label of the y axis. */
  y_label?: string;
  /** Unit of the x axis. */
  x_unit?: string;
  /** Unit of the y axis. */
  y_unit?: string;
  /** Scale of the x axis. */
  x_scale?: string;
  /** Scale of the y axis. */
  y_scale?: string;
  /** Positions of the x axis ticks. */
  x_ticks?: number[];
  /** Positions of the y axis ticks. */
  y_ticks?: number[];
  /** Labels of the x axis ticks. */
  x_tick_labels?: string[];
  /** Labels of the y axis ticks. */
  y_tick_labels?: string[];
}

/** One element of a chart; which fields are set depends on the chart's `type`. */
export interface ExecutedToolChartElement {
  /** The element's label. */
  label: string;
  /** The group or series the element belongs to. */
  group?: string;
  /** The element's value (bar height, pie slice size…). */
  value?: number;
  /** The element's points (line and scatter charts), each an array of coordinates. */
  points?: number[][];
  /** The element's angle (pie charts). */
  angle?: number;
  /** The element's radius (pie charts). */
  radius?: number;
  /** Box plot: the minimum. */
  min?: number;
  /** Box plot: the first quartile. */
  first_quartile?: number;
  /** Box plot: the median. */
  median?: number;
  /** Box plot: the third quartile. */
  third_quartile?: number;
  /** Box plot: the maximum. */
  max?: number;
  /** Box plot: the outliers. */
  outliers?: number[];
}

/** groq-sdk's nested names for the parts of an executed tool, such as `ChatCompletionMessage.ExecutedTool.CodeResult`. */
export declare namespace ChatCompletionExecutedTool {
  /** {@link ExecutedToolBrowserResult}, under groq-sdk's name. */
  export type BrowserResult = ExecutedToolBrowserResult;
  /** {@link ExecutedToolCodeResult}, under groq-sdk's name. */
  export type CodeResult = ExecutedToolCodeResult;
  /** groq-sdk's nested names for the parts of a code result. */
  export namespace CodeResult {
    /** {@link ExecutedToolChart}, under groq-sdk's name. */
    export type Chart = ExecutedToolChart;
    /** groq-sdk's nested names for the parts of a chart. */
    export namespace Chart {
      /** {@link ExecutedToolChartElement}, under groq-sdk's name. */
      export type Element = ExecutedToolChartElement;
    }
  }
  /** {@link ExecutedToolSearchResults}, under groq-sdk's name. */
  export type SearchResults = ExecutedToolSearchResults;
  /** groq-sdk's nested names for the parts of search results. */
  export namespace SearchResults {
    /** {@link ExecutedToolSearchResult}, under groq-sdk's name. */
    export type Result = ExecutedToolSearchResult;
  }
}
