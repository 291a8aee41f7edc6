//! A checkout on this machine, as both shells read it: the datasets and downloads of its
//! state (`hugflow status`, the desktop's Local page) and the validation of request files
//! (`hugflow validate`, the request form's file check). Each is one call of `hugflow-core`;
//! the shells reach them through here so that "status" means the same thing in both.

pub use hugflow_core::checkout::Checkout;
pub use hugflow_core::status::{StatusReport, status};
pub use hugflow_core::validate::{ValidationReport, validate_paths as validate};
