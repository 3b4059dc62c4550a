//! Files people already have: to be filled.
