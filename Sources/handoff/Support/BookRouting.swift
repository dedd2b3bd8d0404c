import Foundation
import HandoffCore

/// `handoff book` and the rotation: which AE a booking takes, and the line that says why.
enum BookRouting {
    /// `--ae` when given, else the rotation's proposal; nobody available is refused (exit 3).
    static func chosenAE(_ typed: String?, proposal: RoutingProposal, lead: LeadID) throws -> String {
        if let typed { return typed }
        guard let proposed = proposal.ae else {
            let way = proposal.mode == .strict ? "routing is strict, so nobody can be booked until an AE is back or under their cap"
                                               : "name an AE with --ae to book one anyway"
            throw CLIFailure(code: 3, message: "cannot book \(lead): \(safe(proposal.reason)); \(way)")
        }
        return proposed
    }

    /// "routing: alex — 3 this week of 8, next in rotation", or an override's line.
    static func line(_ proposal: RoutingProposal, booked: String) -> String {
        guard let proposed = proposal.ae else { return "routing: \(safe(proposal.reason)); booked with \(safe(booked)) (override)" }
        if proposed == booked { return "routing: \(safe(proposal.reason))" }
        return "routing: booked with \(safe(booked)) instead of the proposal, \(safe(proposal.reason)) (override)"
    }
}
