//! Many profiles in one run, on top of the single-workbook [`crate::build`]:
//! the parallel [`batch`], its incremental records ([`state`]), stable
//! slices of a cohort ([`shard`]), the cohort page ([`index`]), how a run
//! reports itself ([`progress`]), and spreadsheet rosters turned into
//! profiles ([`roster`]).

pub mod batch;
pub mod index;
pub mod progress;
pub mod roster;
pub mod shard;
pub mod state;
