// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {ChatGovernor} from "../../../src/governance/ChatGovernor.sol";

/// The coin-age rule as it was before exact vote-seconds (commit f5955ed): the weight sampled the voter's votes at
/// K + 1 instants that follow from the snapshot. Kept only to reproduce the attack it allowed (a proposer who borrows
/// coins for one second at each instant doubles their weight); see CoinAgeGovernor.t.sol.
contract SampledCoinAgeGovernor is ChatGovernor {
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
    error SampledCoinAgeGovernorInvalidRule(uint48 maturity, uint16 maxAgeBonusBps);

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
            revert SampledCoinAgeGovernorInvalidRule(maturity, maxAgeBonusBps);
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
