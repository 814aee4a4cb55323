//! Helpers shared by this binary's tests.
