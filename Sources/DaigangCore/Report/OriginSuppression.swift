/// Which origin cells to hide so that no published figure can be backed out of the others, across
/// every table the report shows together (the campaign's and each session's, by province and by
/// prefecture).
///
/// Why one type over all tables: each table hiding its own small cells is not enough, because the
/// tables are related by published sums. Campaign 周口 7 − session A 周口 6 gives session B's hidden
/// 周口 away; province 河南 8 − prefecture 周口 7 gives 济源. So the cells are numbered once and each
/// published sum is a `Group`: members whose total is another cell. The rule (docs/REPORTS.md):
/// a non-zero cell under `OriginTable.minimumCell` is hidden; then, until nothing changes, in every
/// group whose total is shown, if exactly one member is hidden or the hidden members sum under 5,
/// the smallest shown non-zero member is hidden too (the total itself when there is none). Then no
/// shown total minus its shown members names one hidden cell, nor a sum under 5.
/// Pure: counts in, flags out; `OriginCounter` maps places and scopes to cells.
struct OriginSuppression {
    /// A published sum: the `total` cell is (or bounds) the sum of the `members` cells.
    struct Group: Equatable {
        var total: Int
        var members: [Int]
    }

    private(set) var counts: [Int] = []
    private(set) var groups: [Group] = []

    /// Adds a cell with its count and returns its number.
    mutating func addCell(count: Int) -> Int {
        counts.append(count)
        return counts.count - 1
    }

    /// Adds a published sum; a group without members says nothing and is left out.
    mutating func addGroup(total: Int, members: [Int]) {
        guard !members.isEmpty else { return }
        groups.append(Group(total: total, members: members))
    }

    /// Whether a group pins one hidden value or a hidden sum under 5, given what is hidden.
    func isExposed(_ group: Group, hidden: [Bool]) -> Bool {
        guard !hidden[group.total] else { return false }
        var hiddenCount = 0
        var hiddenSum = 0
        for member in group.members where hidden[member] {
            hiddenCount += 1
            hiddenSum += counts[member]
        }
        return hiddenCount == 1 || (hiddenCount > 1 && hiddenSum < OriginTable.minimumCell)
    }

    /// The hidden flag of every cell: primary (under 5), then secondary until a fixed point.
    ///
    /// A worklist, not passes over every group: hiding a cell re-checks only the groups it is a
    /// member of (a group whose total is hidden publishes nothing), so the 50 sessions × 365 places
    /// of the worst season cost each group a few checks (BENCHMARKS.md "Board and report").
    func hidden() -> [Bool] {
        var hidden = counts.map { $0 > 0 && $0 < OriginTable.minimumCell }
        var groupsOf = [[Int]](repeating: [], count: counts.count)
        for (g, group) in groups.enumerated() {
            for member in group.members { groupsOf[member].append(g) }
        }
        var pending = Array(groups.indices.reversed())  // popped first to last
        var isPending = [Bool](repeating: true, count: groups.count)
        while let g = pending.popLast() {
            isPending[g] = false
            let group = groups[g]
            guard isExposed(group, hidden: hidden) else { continue }
            // The smallest shown non-zero member (the first of equals, so the result is stable).
            var smallest: Int?
            for member in group.members where !hidden[member] && counts[member] > 0 {
                if smallest.map({ counts[member] < counts[$0] }) ?? true { smallest = member }
            }
            let cell = smallest ?? group.total
            hidden[cell] = true
            for other in groupsOf[cell] + [g] where !isPending[other] {
                isPending[other] = true
                pending.append(other)
            }
        }
        return hidden
    }
}
