// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from
    "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ICirculatingSupply} from "./ICirculatingSupply.sol";

/// @title ChatGovernor
/// @notice ChatCoin holders' governance: proposals, For/Against/Abstain votes weighted by delegated ChatCoin at
/// the proposal's snapshot, a quorum as a fraction of the circulating supply (the supply minus what the timelock, the
/// rewards pool and other governance-held accounts hold at the snapshot), and execution through the timelock. The
/// proposal threshold and the quorum percentage are governance's to change (GovernorSettings,
/// GovernorVotesQuorumFraction); docs/rewards-and-quorum.md.
/// @dev Security: holds no funds and executes nothing itself; the TimelockController it proposes to owns
/// ChatCoin minting and the RedEnvelope parameters. Votes are gasless through castVoteBySig (EIP-712), and
/// propose/castVote can be relayed by the trusted ERC-2771 forwarder, acting for the request's signer. The
/// forwarder only relays ECDSA-signed requests, so it cannot act as the timelock (`onlyGovernance`).
/// The clock is the token's (timestamps, EIP-6372), so delays and periods are in seconds.
contract ChatGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl,
    ERC2771Context
{
    /// @param token The voting token (ChatCoin).
    /// @param timelock The timelock that executes passed proposals.
    /// @param votingDelay_ Seconds between a proposal and the start of its vote (the snapshot time).
    /// @param votingPeriod_ Seconds the vote lasts.
    /// @param proposalThreshold_ Votes a proposer needs.
    /// @param quorumPercent Percent of the circulating supply at the snapshot that must vote For or Abstain.
    /// @param forwarder The trusted ERC-2771 forwarder that relays gasless requests.
    constructor(
        IVotes token,
        TimelockController timelock,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 proposalThreshold_,
        uint256 quorumPercent,
        address forwarder
    )
        Governor("ChatGovernor")
        GovernorSettings(votingDelay_, votingPeriod_, proposalThreshold_)
        GovernorVotes(token)
        GovernorVotesQuorumFraction(quorumPercent)
        GovernorTimelockControl(timelock)
        ERC2771Context(forwarder)
    {}

    /// @notice The votes For and Abstain a proposal with snapshot `timepoint` needs: the quorum percentage of the
    /// circulating supply then. Coins governance holds cannot vote, so counting them would make quorum unreachable for
    /// a young community; both totals are read at the snapshot, so moving coins into or out of the treasury after it
    /// changes nothing (docs/rewards-and-quorum.md).
    /// @dev The token must implement ICirculatingSupply (ChatCoin does).
    function quorum(uint256 timepoint) public view override(Governor, GovernorVotesQuorumFraction) returns (uint256) {
        return Math.mulDiv(
            ICirculatingSupply(address(token())).getPastCirculatingSupply(timepoint),
            quorumNumerator(timepoint),
            quorumDenominator()
        );
    }

    /// @inheritdoc Governor
    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    /// @inheritdoc Governor
    function state(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (ProposalState)
    {
        return super.state(proposalId);
    }

    /// @inheritdoc Governor
    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }

    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return ERC2771Context._msgSender();
    }

    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return ERC2771Context._msgData();
    }

    function _contextSuffixLength() internal view override(Context, ERC2771Context) returns (uint256) {
        return ERC2771Context._contextSuffixLength();
    }
}
