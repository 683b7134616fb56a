// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {ChatGovernor} from "./ChatGovernor.sol";
import {IVoteSeconds} from "./IVoteSeconds.sol";

/// @title CoinAgeGovernor
/// @notice ChatGovernor whose votes weigh ChatCoin by amount and coin age, as the ChatCoin whitepaper's holder
/// assembly does: votes held for the whole maturity window before the snapshot count up to `1 + maxBonus` times,
/// votes that arrived just before the snapshot count about once, votes that arrived after it count nothing. Chosen
/// at deploy instead of ChatGovernor (script/Deploy.s.sol, VOTE_WEIGHTING=coin-age); ChatCoin and every other rule
/// of ChatGovernor are unchanged. docs/coin-age-votes.md explains the rule with examples.
/// @dev The rule, with v(s) = token.getPastVotes(voter, s), S(s) = token.getPastVoteSeconds(voter, s) (the exact
/// integral of v from the clock's zero to s, kept by ChatCoin next to its vote checkpoints), t the proposal's
/// snapshot, W the maturity window and B = maxBonusBps / 10_000:
///
///     held = (S(t) - S(t - W)) / W          the voter's average votes over the window (S = 0 before zero)
///     weight = v(t) + B * min(v(t), held)
///
/// Exact, not sampled: every second of the window counts the same, so no instant is worth more than another and
/// nothing a proposer knows in advance (the snapshot, the window) helps: coins borrowed for d seconds anywhere in
/// the window add exactly B * amount * d / W, what holding them for those seconds earns anyone. The cap is
/// `weight <= (1 + B) * v(t)`, so coins that left before t give no weight, and fresh coins add only their plain
/// weight. Two lookups bound the gas whatever the number of checkpoints, so dust transfers cannot grief a voter.
///
/// Quorum counts coins, the majority counts weight: the quorum (a fraction of the circulating supply at t, as in
/// ChatGovernor) is compared with the unweighted votes (v(t)) cast For or Abstain, so a weighted tally is never
/// compared with an unweighted supply, and no holder can reach quorum with fewer coins than under ChatGovernor.
/// `proposalVotes` reports the weighted tally that decides For against Against; `proposalCoinTurnout` the coins
/// counted towards quorum. `getVotes` (and so the proposal threshold) is the weight: never less than the coins.
contract CoinAgeGovernor is ChatGovernor {
    /// @notice The largest bonus a fully aged coin may earn, in basis points (10_000: a coin counts at most twice).
    uint16 public constant MAX_AGE_BONUS_BPS = 10_000;
    uint256 private constant BPS = 10_000;

    uint48 private immutable _maturity;
    uint16 private immutable _maxAgeBonusBps;

    mapping(uint256 proposalId => uint256 coins) private _coinTurnout;

    /// @notice The maturity window must be positive and the bonus within 1..MAX_AGE_BONUS_BPS.
    error CoinAgeGovernorInvalidRule(uint48 maturity, uint16 maxAgeBonusBps);

    /// @param token The voting token (ChatCoin).
    /// @param timelock The timelock that executes passed proposals.
    /// @param votingDelay_ Seconds between a proposal and the start of its vote (the snapshot time).
    /// @param votingPeriod_ Seconds the vote lasts.
    /// @param proposalThreshold_ Votes (weighted) a proposer needs.
    /// @param quorumPercent Percent of the circulating supply at the snapshot that must vote For or Abstain, counted in coins.
    /// @param forwarder The trusted ERC-2771 forwarder that relays gasless requests.
    /// @param maturity W: seconds of holding after which a coin earns the full bonus; not zero.
    /// @param maxAgeBonusBps B: the full bonus in basis points, 1..MAX_AGE_BONUS_BPS.
    constructor(
        IVotes token,
        TimelockController timelock,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 proposalThreshold_,
        uint256 quorumPercent,
        address forwarder,
        uint48 maturity,
        uint16 maxAgeBonusBps
    ) ChatGovernor(token, timelock, votingDelay_, votingPeriod_, proposalThreshold_, quorumPercent, forwarder) {
        if (maturity == 0 || maxAgeBonusBps == 0 || maxAgeBonusBps > MAX_AGE_BONUS_BPS) {
            revert CoinAgeGovernorInvalidRule(maturity, maxAgeBonusBps);
        }
        _maturity = maturity;
        _maxAgeBonusBps = maxAgeBonusBps;
    }

    /// @notice The weighting rule as deployed (see the contract's documentation).
    /// @return maturity W, in seconds.
    /// @return maxAgeBonusBps B, in basis points.
    function coinAgeRule() external view returns (uint48 maturity, uint16 maxAgeBonusBps) {
        return (_maturity, _maxAgeBonusBps);
    }

    /// @notice The coins (unweighted votes at the snapshot) cast For or Abstain on `proposalId`: what the quorum
    /// is compared with.
    function proposalCoinTurnout(uint256 proposalId) external view returns (uint256) {
        return _coinTurnout[proposalId];
    }

    /// @dev The weight of the rule above; `params` are ignored, so no voter can choose their own weighting.
    function _getVotes(address account, uint256 timepoint, bytes memory)
        internal
        view
        override(Governor, GovernorVotes)
        returns (uint256)
    {
        uint256 coins = token().getPastVotes(account, timepoint);
        if (coins == 0) return 0;
        IVoteSeconds line = IVoteSeconds(address(token()));
        uint256 from = timepoint > _maturity ? line.getPastVoteSeconds(account, timepoint - _maturity) : 0;
        uint256 held = (line.getPastVoteSeconds(account, timepoint) - from) / _maturity;
        // min(coins, held) caps the bonus at coins * maxAgeBonusBps / BPS.
        return coins + (held < coins ? held : coins) * _maxAgeBonusBps / BPS;
    }

    /// @dev Counts the weight in the tally (For/Against/Abstain) and the voter's coins in the quorum turnout.
    function _countVote(uint256 proposalId, address account, uint8 support, uint256 totalWeight, bytes memory params)
        internal
        override(Governor, GovernorCountingSimple)
        returns (uint256)
    {
        uint256 counted = super._countVote(proposalId, account, support, totalWeight, params);
        if (support != uint8(VoteType.Against) && totalWeight != 0) {
            _coinTurnout[proposalId] += token().getPastVotes(account, proposalSnapshot(proposalId));
        }
        return counted;
    }

    /// @dev Quorum in coins: see the contract's documentation.
    function _quorumReached(uint256 proposalId) internal
        view
        override(Governor, GovernorCountingSimple)
        returns (bool)
    {
        return quorum(proposalSnapshot(proposalId)) <= _coinTurnout[proposalId];
    }
}
