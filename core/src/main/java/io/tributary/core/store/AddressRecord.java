package io.tributary.core.store;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;

/** A stored address with its kind and settings. */
public record AddressRecord(String name, AddressKind kind, AddressSettings settings) {
}
