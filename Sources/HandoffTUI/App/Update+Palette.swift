import HandoffCore

extension Update {
    /// A key while the palette is open: its own keys from the registry; any other character
    /// is typed into the query.
    static func paletteKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        guard var palette = state.palette else { return [] }
        let count = CommandPalette.matches(state, query: palette.query).count
        switch state.keymap.action(for: key, in: .palette) {
        case .paletteClose:
            state.palette = nil
            return []
        case .paletteRun:
            return runPaletteEntry(&state)
        case .palettePrevious:
            palette.selected = count == 0 ? 0 : (palette.selected - 1 + count) % count
            palette.notice = nil
        case .paletteNext:
            palette.selected = count == 0 ? 0 : (palette.selected + 1) % count
            palette.notice = nil
        case .filterDeleteCharacter:
            if !palette.query.isEmpty { palette.query.removeLast() }
            palette.selected = 0
            palette.notice = nil
        case .filterClearText:
            palette.query = ""
            palette.selected = 0
            palette.notice = nil
        case .quit:
            state.quitting = true
            return []
        default:
            guard case .char(let character) = key, palette.query.count < PaletteState.maxQuery,
                  !character.isNewline, character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else { return [] }
            palette.query.append(character)
            palette.selected = 0
            palette.notice = nil
        }
        state.palette = palette
        return []
    }

    /// Enter: runs the chosen entry as its key would, after closing the palette; one the
    /// rules refuse on the selected card stays open and shows their sentence instead.
    static func runPaletteEntry(_ state: inout AppState) -> [Effect] {
        guard var palette = state.palette else { return [] }
        let matches = CommandPalette.matches(state, query: palette.query)
        guard matches.indices.contains(palette.selected) else {
            palette.notice = "nothing matches '\(SafeText.sanitize(palette.query))'"
            state.palette = palette
            return []
        }
        let entry = matches[palette.selected]
        if let reason = CommandPalette.reason(entry, state) {
            palette.notice = reason
            state.palette = palette
            state.status = StatusMessage(reason, .error)
            return []
        }
        state.palette = nil
        switch entry.target {
        case .view(let index):
            openView(&state, index)
            return []
        case .action(let action):
            return perform(&state, action)
        }
    }
}
