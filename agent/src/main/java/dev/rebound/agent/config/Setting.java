package dev.rebound.agent.config;

/**
 * One configured value as the user wrote it. Thread-safe (immutable).
 *
 * @param name what the user set, named in messages: the key, or the environment variable
 * @param value the text of the value, untrimmed
 */
record Setting(String name, String value) {}
