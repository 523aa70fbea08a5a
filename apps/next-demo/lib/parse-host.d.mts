/** A host the demo may be addressed as: its name (lower case) and its port, when one is given. */
export interface Host {
  name: string;
  /** Undefined when none is given: an allowed host without a port matches any. */
  port: string | undefined;
}

/** `value` (a Host header or an ALLOWED_HOSTS entry) as a host, or undefined when it names none. */
export function parseHost(value: string): Host | undefined;

/** The entries of an ALLOWED_HOSTS value, separated by commas or spaces. */
export function splitAllowedHosts(value: string | undefined): string[];

/**
 * What is wrong with an ALLOWED_HOSTS value, to follow the variable's name in a message, or undefined when
 * every entry is a host name.
 */
export function allowedHostsProblem(value: string | undefined): string | undefined;
