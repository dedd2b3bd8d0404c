import HandoffCore

/// What the rules say about a key before it does anything. The board asks `Rules.check`,
/// the same guards `Rules.decide` runs, so the footer, `?` and the status line give the
/// rules' own sentence; the board keeps no role sets or column tables of its own.
extension AppState {
    /// What the board shows when a card action has no card to act on.
    static let noCardSelected = "no card selected"

    /// The card an action applies to: the open card in the detail, else the selected one.
    var actionCard: Card? {
        if case .detail(let id, _) = mode { return board.leads[id] }
        return selectedCard
    }

    /// What the rules know of that card: the full lead when the detail has read it, so the
    /// answer is exact there; on the board, what a card carries.
    var actionFacts: LeadFacts? {
        if case .detail(let id, _) = mode, let detail, detail.id == id { return detail.facts }
        return actionCard?.facts
    }

    var ruleContext: RuleContext {
        var context = RuleContext(definition: team.definition, roster: team.members, now: now)
        context.policy = policy
        return context
    }

    /// Whether `action` is possible now, and if not the rules' sentence; nil for keys that
    /// only move, filter or show, which are always possible.
    public func permission(for action: Action) -> Permission? {
        if let bulk = markedPermission(for: action) { return bulk }
        return permission(for: action, on: actionFacts)
    }

    /// The same, on `lead` (the full lead once a form is about to open).
    func permission(for action: Action, on lead: LeadFacts?) -> Permission? {
        guard let kinds = action.kinds(role: role, lead: lead) else { return nil }
        // An account on no member's login: the identity layer's sentence says why.
        if let readOnlyReason { return .refused(.notPermitted(readOnlyReason)) }
        if kinds.contains(where: \.needsLead), lead == nil {
            return .refused(.notFound(Self.noCardSelected))
        }
        var refusal = Permission.allowed
        for kind in kinds {
            let answer = Rules.check(kind, on: lead, actor: me, context: ruleContext)
            if answer.isAllowed { return answer }
            refusal = answer
        }
        return refusal
    }
}

extension Action {
    /// The rules' actions a key stands for, nil when it asks the rules nothing. A key with
    /// several (`d`: accept, nurture or return) is possible when one of them is, and
    /// otherwise refused with the last one's sentence.
    func kinds(role: Role?, lead: LeadFacts?) -> [ActionKind]? {
        switch self {
        case .addLead: [.addLead]
        case .editLead: [.edit]
        case .score: [.score]
        case .book: [.book]
        case .outcome: [.outcome]
        case .disposition: [.accept, .nurture, .returnLead]
        case .rework: [.rework]
        case .dispute: [Self.disputeKind(role: role, lead: lead)]
        case .undo, .redo: [.undo]
        case .reassign: [.edit]
        case .reassignMeeting: [.reassignMeeting]
        // A participant scores (known once the lead is read); a team lead may also start one.
        case .calibrate: role == .lead ? [.scoreCalibration, .startCalibration] : [.scoreCalibration]
        case .archive: [.archive]
        case .mark, .markRange, .clearMarks: nil
        case .columnLeft, .columnRight, .cardUp, .cardDown, .pageUp, .pageDown, .firstCard, .lastCard,
             .openCard, .close, .filter, .onlyMine, .standup, .help, .quit,
             .scrollUp, .scrollDown, .scrollPageUp, .scrollPageDown, .scrollTop, .scrollBottom,
             .keepFilter, .clearFilter, .filterDeleteCharacter, .filterClearText,
             .nextField, .previousField, .submit, .cancelForm,
             .goTo, .cycleSort, .column1, .column2, .column3, .column4, .column5,
             .view1, .view2, .view3, .view4, .view5, .view6, .view7, .view8, .view9,
             .openPalette, .paletteRun, .paletteClose, .palettePrevious, .paletteNext, .reloadSettings,
             .copyBrief, .notifications, .attention: nil
        }
    }

    /// `x`: a team lead rules on an open dispute; anyone else disputes a return.
    static func disputeKind(role: Role?, lead: LeadFacts?) -> ActionKind {
        role == .lead && lead?.disputeOpen == true ? .resolve : .dispute
    }
}
