"""Pure-stdlib core: refs, share options and validation, units, builders, signed-URL inspection."""
