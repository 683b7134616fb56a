// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {ChatGovernor} from "./ChatGovernor.sol";

/// @title CoinAgeGovernor
/// @notice ChatGovernor whose votes weigh ChatCoin by amount and coin age, as the ChatCoin whitepaper's holder
/// assembly does: coins delegated to a voter for the whole maturity window before the snapshot count up to
/// `1 + maxBonus` times, coins that arrived just before the snapshot count once, coins that arrived after it count
/// nothing. Chosen at deploy instead of ChatGovernor (script/Deploy.s.sol, VOTE_WEIGHTING=coin-age); ChatCoin and
/// every other rule of ChatGovernor are unchanged. docs/coin-age-votes.md explains the rule with examples.
/// @dev The rule, with v(s) = token.getPastVotes(voter, s), t the proposal's snapshot, W the maturity window,
/// K = AGE_SAMPLES and B = maxBonusBps / 10_000:
///
///     m_0 = v(t),   m_k = min(m_{k-1}, v(t - k * W / K))  for k = 1..K   (v = 0 before the clock's zero)
///     weight = v(t) + B * (m_1 + m_2 + ... + m_K) / K
///
/// m_k is the part of today's votes that was delegated to the voter at every sample back to k * W / K ago, so
/// each coin earns B / K for each full W / K it stayed, up to B after W: the cap is `weight <= (1 + B) * v(t)`.
/// Snapshot-safe: it reads only ERC20Votes checkpoints at or before t, which nobody can change after t; a balance
/// that arrived after t - W / K misses m_1 and so every m_k (the running minimum), and a balance that left at any
/// sample lost its age there. Decreases are the only thing that lowers the weight, and only the voter can
/// decrease its own votes, so nobody can grief a voter's age (a dust transfer only adds a checkpoint). Samples,
/// not a walk over every checkpoint: K + 1 lookups bound the gas, and a walk would be unbounded (dust
/// transfers). The price is that coins held at every sample instant but lent out in between keep their age;
/// the sample instants follow from the snapshot, which the proposer picks, so such a loan needs the proposer's
/// plan W ahead, K + 1 loans and gains at most B times the lent amount.
///
/// Quorum counts coins, the majority counts weight: the quorum (a fraction of the supply at t, as in
/// ChatGovernor) is compared with the unweighted votes (v(t)) cast For or Abstain, so a weighted tally is never
/// compared with an unweighted supply, and no holder can reach quorum with fewer coins than under ChatGovernor.
/// `proposalVotes` reports the weighted tally that decides For against Against; `proposalCoinTurnout` the coins
/// counted towards quorum. `getVotes` (and so the proposal threshold) is the weight: never less than the coins.
contract CoinAgeGovernor is ChatGovernor {
    /// @notice K: how many past instants, evenly spread over the maturity window, a vote's weight samples.
    uint256 public constant AGE_SAMPLES = 8;
    /// @notice The largest bonus a fully aged coin may earn, in basis points (10_000: a coin counts at most twice).
    uint16 public constant MAX_AGE_BONUS_BPS = 10_000;
    uint256 private constant BPS = 10_000;

    uint48 private immutable _maturity;
    uint48 private immutable _sampleStep;
    uint16 private immutable _maxAgeBonusBps;

    mapping(uint256 proposalId => uint256 coins) private _coinTurnout;

    /// @notice The maturity window must be a positive multiple of AGE_SAMPLES seconds and the bonus within
    /// 1..MAX_AGE_BONUS_BPS.
    error CoinAgeGovernorInvalidRule(uint48 maturity, uint16 maxAgeBonusBps);

    /// @param token The voting token (ChatCoin).
    /// @param timelock The timelock that executes passed proposals.
    /// @param votingDelay_ Seconds between a proposal and the start of its vote (the snapshot time).
    /// @param votingPeriod_ Seconds the vote lasts.
    /// @param proposalThreshold_ Votes (weighted) a proposer needs.
    /// @param quorumPercent Percent of the supply at the snapshot that must vote For or Abstain, counted in coins.
    /// @param forwarder The trusted ERC-2771 forwarder that relays gasless requests.
    /// @param maturity W: seconds of holding after which a coin earns the full bonus; a multiple of AGE_SAMPLES.
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
        if (
            maturity == 0 || maturity % AGE_SAMPLES != 0 || maxAgeBonusBps == 0
                || maxAgeBonusBps > MAX_AGE_BONUS_BPS
        ) {
            revert CoinAgeGovernorInvalidRule(maturity, maxAgeBonusBps);
        }
        _maturity = maturity;
        // forge-lint: disable-next-line(unsafe-typecast)
        _sampleStep = uint48(maturity / AGE_SAMPLES); // exact: maturity is a multiple of AGE_SAMPLES
        _maxAgeBonusBps = maxAgeBonusBps;
    }

    /// @notice The weighting rule as deployed (see the contract's documentation).
    /// @return maturity W, in seconds.
    /// @return maxAgeBonusBps B, in basis points.
    /// @return samples K.
    function coinAgeRule() external view returns (uint48 maturity, uint16 maxAgeBonusBps, uint256 samples) {
        return (_maturity, _maxAgeBonusBps, AGE_SAMPLES);
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
        IVotes votes = token();
        uint256 coins = votes.getPastVotes(account, timepoint);
        if (coins == 0) return 0;
        uint256 held = coins;
        uint256 aged;
        for (uint256 k = 1; k <= AGE_SAMPLES; ++k) {
            uint256 back = k * _sampleStep;
            if (back > timepoint) break; // before the clock's zero nothing was held
            uint256 then = votes.getPastVotes(account, timepoint - back);
            if (then < held) held = then;
            if (held == 0) break; // the running minimum cannot rise again
            aged += held;
        }
        // aged <= AGE_SAMPLES * coins, so the bonus is at most coins * maxAgeBonusBps / BPS (the cap).
        return coins + aged * _maxAgeBonusBps / (AGE_SAMPLES * BPS);
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
