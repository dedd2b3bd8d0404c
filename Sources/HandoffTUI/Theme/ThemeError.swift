import HandoffConfig

/// A theme that cannot be used, with the file and line to fix:
/// `themes/foo.toml:12: unknown role 'card-selectd' (did you mean card-selected?)`. Themes
/// are settings files like config.toml, so their errors are `ConfigError`s: the same shape,
/// and the same sanitising of the file name.
public typealias ThemeError = ConfigError
