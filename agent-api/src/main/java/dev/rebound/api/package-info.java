/**
 * The types an application may use to learn what Rebound did (SPEC §5). No dependencies; with the
 * agent attached, the agent's own copy of these types is the one that runs.
 */
package dev.rebound.api;
