// Copies of themes/*.toml, kept identical to them (ThemeTests checks): the binary must work
// when installed without the source tree. Edit the .toml file, then paste it here.
enum BuiltinThemeSources {
    static let all: [String: String] = [
        "default": defaultTheme,
        "light": lightTheme,
        "high-contrast": highContrastTheme,
        "mono": monoTheme,
    ]

    static let defaultTheme = #"""
# Handoff theme. Each role takes fg and bg (a name such as "red" or "bright-blue",
# an xterm colour 0-255, "#rrggbb", or "default" for the terminal's own colour) and
# the flags bold, underline and reverse. Roles left out of a theme come from this one.
name = "default"
description = "For dark terminals: quiet cards, loud markers"

[roles]
background            = { fg = "default", bg = "default" }
title                 = { fg = "#ffffff", bg = "#303030", bold = true }
column-header         = { fg = "#bcbcbc", bg = "#262626", bold = true }
column-header-focused = { fg = "#ffffff", bg = "#005f87", bold = true }
column-count          = { fg = "#8a8a8a", bg = "#262626" }
card                  = { fg = "#d0d0d0", bg = "default" }
card-selected         = { fg = "#ffffff", bg = "#005f87", bold = true }
card-muted            = { fg = "#6c6c6c", bg = "default" }
owner                 = { fg = "#5fafd7", bg = "default" }
marker-breach         = { fg = "#ff5f5f", bg = "default", bold = true }
marker-warning        = { fg = "#ffd700", bg = "default", bold = true }
marker-aging          = { fg = "#ffaf5f", bg = "default" }
marker-rebook         = { fg = "#d7d75f", bg = "default", bold = true }
marker-dispute        = { fg = "#d787ff", bg = "default", bold = true }
marker-revisit        = { fg = "#5fd7af", bg = "default" }
status                = { fg = "#d0d0d0", bg = "#303030" }
status-error          = { fg = "#ffffff", bg = "#af0000", bold = true }
status-success        = { fg = "#000000", bg = "#5faf5f" }
status-dim            = { fg = "#8a8a8a", bg = "#303030" }
help-key              = { fg = "#ffd75f", bg = "#1c1c1c", bold = true }
help-text             = { fg = "#d0d0d0", bg = "#1c1c1c" }
overlay               = { fg = "#d0d0d0", bg = "#1c1c1c" }
overlay-title         = { fg = "#ffffff", bg = "#1c1c1c", bold = true }
form-label            = { fg = "#afafaf", bg = "#1c1c1c" }
form-field            = { fg = "#e4e4e4", bg = "#3a3a3a" }
form-field-focused    = { fg = "#ffffff", bg = "#005f87", bold = true }
form-error            = { fg = "#ff5f5f", bg = "#1c1c1c", bold = true }
border                = { fg = "#4e4e4e", bg = "default" }
border-focused        = { fg = "#5fafd7", bg = "default" }
filter                = { fg = "#ffd75f", bg = "#303030", bold = true }
timeline-actor        = { fg = "#5fafd7", bg = "#1c1c1c", bold = true }
timeline-time         = { fg = "#8a8a8a", bg = "#1c1c1c" }
timeline-event        = { fg = "#d0d0d0", bg = "#1c1c1c" }
bar                   = { fg = "#5f87d7", bg = "#1c1c1c" }

"""#

    static let lightTheme = #"""
# Handoff theme for light terminals: dark text, pale highlights.
name = "light"
description = "For light terminals"

[roles]
background            = { fg = "default", bg = "default" }
title                 = { fg = "#ffffff", bg = "#005f87", bold = true }
column-header         = { fg = "#303030", bg = "#d0d0d0", bold = true }
column-header-focused = { fg = "#ffffff", bg = "#0087af", bold = true }
column-count          = { fg = "#585858", bg = "#d0d0d0" }
card                  = { fg = "#262626", bg = "default" }
card-selected         = { fg = "#000000", bg = "#afd7ff", bold = true }
card-muted            = { fg = "#8a8a8a", bg = "default" }
owner                 = { fg = "#005f87", bg = "default" }
marker-breach         = { fg = "#d70000", bg = "default", bold = true }
marker-warning        = { fg = "#af5f00", bg = "default", bold = true, underline = true }
marker-aging          = { fg = "#af5f00", bg = "default" }
marker-rebook         = { fg = "#875f00", bg = "default", bold = true }
marker-dispute        = { fg = "#8700af", bg = "default", bold = true }
marker-revisit        = { fg = "#008767", bg = "default" }
status                = { fg = "#262626", bg = "#e4e4e4" }
status-error          = { fg = "#ffffff", bg = "#d70000", bold = true }
status-success        = { fg = "#ffffff", bg = "#008700" }
status-dim            = { fg = "#6c6c6c", bg = "#e4e4e4" }
help-key              = { fg = "#005f87", bg = "#eeeeee", bold = true }
help-text             = { fg = "#262626", bg = "#eeeeee" }
overlay               = { fg = "#262626", bg = "#eeeeee" }
overlay-title         = { fg = "#000000", bg = "#eeeeee", bold = true }
form-label            = { fg = "#4e4e4e", bg = "#eeeeee" }
form-field            = { fg = "#000000", bg = "#ffffff" }
form-field-focused    = { fg = "#000000", bg = "#afd7ff", bold = true }
form-error            = { fg = "#d70000", bg = "#eeeeee", bold = true }
border                = { fg = "#a8a8a8", bg = "default" }
border-focused        = { fg = "#0087af", bg = "default" }
filter                = { fg = "#005f87", bg = "#e4e4e4", bold = true }
timeline-actor        = { fg = "#005f87", bg = "#eeeeee", bold = true }
timeline-time         = { fg = "#6c6c6c", bg = "#eeeeee" }
timeline-event        = { fg = "#262626", bg = "#eeeeee" }
bar                   = { fg = "#0087af", bg = "#eeeeee" }

"""#

    static let highContrastTheme = #"""
# Handoff theme with maximum contrast. Uses only the 16 standard colours, so it looks
# the same on 8- and 16-colour terminals; every marker is a solid block of colour.
name = "high-contrast"
description = "Maximum contrast, 16 colours"

[roles]
background            = { fg = "bright-white", bg = "black" }
title                 = { fg = "black", bg = "bright-white", bold = true }
column-header         = { fg = "bright-white", bg = "black", bold = true, underline = true }
column-header-focused = { fg = "black", bg = "bright-yellow", bold = true }
column-count          = { fg = "bright-cyan", bg = "black", bold = true }
card                  = { fg = "bright-white", bg = "black" }
card-selected         = { fg = "black", bg = "bright-yellow", bold = true }
card-muted            = { fg = "white", bg = "black" }
owner                 = { fg = "bright-cyan", bg = "black" }
marker-breach         = { fg = "bright-white", bg = "red", bold = true }
marker-warning        = { fg = "red", bg = "bright-white", bold = true }
marker-aging          = { fg = "black", bg = "bright-yellow", bold = true }
marker-rebook         = { fg = "black", bg = "bright-cyan", bold = true }
marker-dispute        = { fg = "black", bg = "bright-magenta", bold = true }
marker-revisit        = { fg = "black", bg = "bright-green", bold = true }
status                = { fg = "black", bg = "bright-white" }
status-error          = { fg = "bright-white", bg = "red", bold = true }
status-success        = { fg = "black", bg = "bright-green", bold = true }
status-dim            = { fg = "black", bg = "white" }
help-key              = { fg = "bright-yellow", bg = "black", bold = true }
help-text             = { fg = "bright-white", bg = "black" }
overlay               = { fg = "bright-white", bg = "black" }
overlay-title         = { fg = "bright-yellow", bg = "black", bold = true, underline = true }
form-label            = { fg = "bright-white", bg = "black", bold = true }
form-field            = { fg = "bright-white", bg = "blue" }
form-field-focused    = { fg = "black", bg = "bright-yellow", bold = true }
form-error            = { fg = "bright-red", bg = "black", bold = true }
border                = { fg = "bright-white", bg = "black" }
border-focused        = { fg = "bright-yellow", bg = "black", bold = true }
filter                = { fg = "black", bg = "bright-yellow", bold = true }
timeline-actor        = { fg = "bright-cyan", bg = "black", bold = true }
timeline-time         = { fg = "bright-white", bg = "black" }
timeline-event        = { fg = "bright-white", bg = "black" }
bar                   = { fg = "bright-green", bg = "black", bold = true }

"""#

    static let monoTheme = #"""
# Handoff theme without colour: bold, underline and reverse only. Used whenever
# NO_COLOR is set. Roles are listed in full so that none inherit a colour.
name = "mono"
description = "No colour: bold, underline and reverse only"

[roles]
background            = {}
title                 = { bold = true, reverse = true }
column-header         = { bold = true }
column-header-focused = { bold = true, reverse = true }
column-count          = {}
card                  = {}
card-selected         = { reverse = true }
card-muted            = {}
owner                 = { underline = true }
marker-breach         = { bold = true, reverse = true }
marker-warning        = { reverse = true }
marker-aging          = { bold = true }
marker-rebook         = { bold = true, underline = true }
marker-dispute        = { bold = true, underline = true }
marker-revisit        = { underline = true }
status                = { reverse = true }
status-error          = { bold = true, reverse = true }
status-success        = { reverse = true }
status-dim            = { reverse = true }
help-key              = { bold = true }
help-text             = {}
overlay               = {}
overlay-title         = { bold = true, underline = true }
form-label            = {}
form-field            = { underline = true }
form-field-focused    = { reverse = true }
form-error            = { bold = true }
border                = {}
border-focused        = { bold = true }
filter                = { bold = true }
timeline-actor        = { bold = true }
timeline-time         = {}
timeline-event        = {}
bar                   = { bold = true }

"""#
}
