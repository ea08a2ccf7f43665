//! Evidence-collection actions.
