"""collaboRATE: the instrument, survey links, storage, scoring and reports (see issue 7)."""
