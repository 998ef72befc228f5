/**
 * Byte-level JSON scanning shared by the classifier and the engine, for the bodies every managed
 * call reads: plain Java, no parser.
 */
package dev.rebound.agent.json;
