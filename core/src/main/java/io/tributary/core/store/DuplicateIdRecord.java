package io.tributary.core.store;

/**
 * One remembered duplicate id of an address.
 *
 * @param id       the id as text (see {@code io.tributary.core.engine.DuplicateIds})
 * @param sequence its place in the address's window: a later id has a higher sequence
 */
public record DuplicateIdRecord(String id, long sequence) {
}
