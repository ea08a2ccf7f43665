//! IAM actions: access keys, deny-all, session revocation, console access, MFA devices, and
//! the principal's evidence.

pub(crate) mod capture_principal;
pub(crate) mod common;
pub mod deactivate_access_keys;
pub mod deactivate_mfa_devices;
pub mod deny_all;
pub mod disable_console_access;
pub mod remove_inline_policy;
pub mod revoke_sessions;
pub mod set_access_key_status;

pub use capture_principal::CapturePrincipal;
pub use common::Principal;
pub use deactivate_access_keys::DeactivateAccessKeys;
pub use deactivate_mfa_devices::DeactivateMfaDevices;
pub use deny_all::DenyAll;
pub use disable_console_access::DisableConsoleAccess;
pub use remove_inline_policy::RemoveInlinePolicy;
pub use revoke_sessions::RevokeSessions;
pub use set_access_key_status::SetAccessKeyStatus;
