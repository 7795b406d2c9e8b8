//! The gateway's tests, by concern; their fixtures are `domain::test_support`'s.

mod gateway;
mod load;
mod sync;
mod upgrade;
mod usage;
