// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {ChatCoin} from "../../src/token/ChatCoin.sol";
import {Fixture} from "../utils/Fixture.sol";

/// The Fixture with voting power spread unevenly: alice 1.5M, bob 1M, carol 0.5M, each delegated to
/// themselves, and the clock moved on so the delegations count for proposals. Helpers walk a proposal
/// through its life cycle on the real OZ Governor and TimelockController.
abstract contract GovernanceBase is Fixture {
    uint8 internal constant AGAINST = 0;
    uint8 internal constant FOR = 1;
    uint8 internal constant ABSTAIN = 2;

    address internal contributor = makeAddr("contributor");

    struct Proposal {
        address[] targets;
        uint256[] values;
        bytes[] calldatas;
        string description;
        bytes32 descriptionHash;
        uint256 id;
    }

    function setUp() public virtual override {
        super.setUp();
        vm.prank(carol);
        coin.transfer(alice, 500_000 ether);
        vm.prank(alice);
        coin.delegate(alice);
        vm.prank(bob);
        coin.delegate(bob);
        vm.prank(carol);
        coin.delegate(carol);
        skip(1);
    }

    /// A single-call proposal, with its id as the governor computes it.
    function _proposal(address target, bytes memory data, string memory description)
        internal
        view
        returns (Proposal memory p)
    {
        p.targets = new address[](1);
        p.targets[0] = target;
        p.values = new uint256[](1);
        p.calldatas = new bytes[](1);
        p.calldatas[0] = data;
        p.description = description;
        p.descriptionHash = keccak256(bytes(description));
        p.id = governor.getProposalId(p.targets, p.values, p.calldatas, p.descriptionHash);
    }

    function _mintProposal(uint256 amount) internal view returns (Proposal memory) {
        return _proposal(
            address(coin),
            abi.encodeCall(ChatCoin.mint, (contributor, amount)),
            "Mint to a contributor for the relay work"
        );
    }

    function _propose(address proposer, Proposal memory p) internal {
        _propose(governor, proposer, p);
    }

    /// The helpers that name a governor let one scenario run on another governor of the same ChatCoin.
    function _propose(Governor gov, address proposer, Proposal memory p) internal {
        vm.prank(proposer);
        gov.propose(p.targets, p.values, p.calldatas, p.description);
    }

    function _queue(Proposal memory p) internal {
        _queue(governor, p);
    }

    function _queue(Governor gov, Proposal memory p) internal {
        gov.queue(p.targets, p.values, p.calldatas, p.descriptionHash);
    }

    function _execute(Proposal memory p) internal {
        governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash);
    }

    function _vote(address voter, uint256 proposalId, uint8 support) internal {
        _vote(governor, voter, proposalId, support);
    }

    function _vote(Governor gov, address voter, uint256 proposalId, uint8 support) internal {
        vm.prank(voter);
        gov.castVote(proposalId, support);
    }

    /// Proposes `p` as alice, has alice and bob vote For, ends the vote: the proposal Succeeded.
    function _proposeAndPass(Proposal memory p) internal {
        _proposeAndPass(governor, p);
    }

    function _proposeAndPass(Governor gov, Proposal memory p) internal {
        _propose(gov, alice, p);
        skip(VOTING_DELAY + 1);
        _vote(gov, alice, p.id, FOR);
        _vote(gov, bob, p.id, FOR);
        skip(VOTING_PERIOD);
        assertEq(uint8(gov.state(p.id)), uint8(IGovernor.ProposalState.Succeeded));
    }

    /// The EIP-712 digest of a ballot for castVoteBySig.
    function _ballotDigest(uint256 proposalId, uint8 support, address voter) internal view returns (bytes32) {
        return _ballotDigest(governor, proposalId, support, voter);
    }

    function _ballotDigest(Governor gov, uint256 proposalId, uint8 support, address voter)
        internal
        view
        returns (bytes32)
    {
        bytes32 structHash =
            keccak256(abi.encode(gov.BALLOT_TYPEHASH(), proposalId, support, voter, gov.nonces(voter)));
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            gov.eip712Domain();
        bytes32 domainSeparator = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256(bytes(name)),
                keccak256(bytes(version)),
                chainId,
                verifyingContract
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
    }

    function _signBallot(uint256 pk, uint256 proposalId, uint8 support, address voter)
        internal
        view
        returns (bytes memory)
    {
        return _signBallot(governor, pk, proposalId, support, voter);
    }

    function _signBallot(Governor gov, uint256 pk, uint256 proposalId, uint8 support, address voter)
        internal
        view
        returns (bytes memory)
    {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, _ballotDigest(gov, proposalId, support, voter));
        return abi.encodePacked(r, s, v);
    }
}
