// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {GovernanceBase} from "./GovernanceBase.sol";

/// Gas of each step of a proposal's life, each step measured as its own transaction (run with `--isolate`):
/// propose a mint, a holder's first vote (direct and by signature), queue into the timelock, execute the mint.
contract ChatGovernorGasTest is GovernanceBase {
    function test_propose_gas() public {
        Proposal memory p = _mintProposal(1_000 ether);
        vm.prank(alice);
        governor.propose(p.targets, p.values, p.calldatas, p.description);
        vm.snapshotGasLastCall("propose");
    }

    function test_castVote_gas() public {
        Proposal memory p = _mintProposal(1_000 ether);
        _propose(alice, p);
        skip(VOTING_DELAY + 1);
        _vote(alice, p.id, FOR);
        vm.prank(bob);
        governor.castVote(p.id, FOR);
        vm.snapshotGasLastCall("castVote");
    }

    function test_castVoteBySig_gas() public {
        Proposal memory p = _mintProposal(1_000 ether);
        _propose(alice, p);
        skip(VOTING_DELAY + 1);
        _vote(alice, p.id, FOR);
        bytes memory signature = _signBallot(bobPk, p.id, FOR, bob);
        vm.prank(relayer);
        governor.castVoteBySig(p.id, FOR, bob, signature);
        vm.snapshotGasLastCall("castVoteBySig");
    }

    function test_queue_gas() public {
        Proposal memory p = _mintProposal(1_000 ether);
        _proposeAndPass(p);
        governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash);
        vm.snapshotGasLastCall("queue");
    }

    function test_execute_gas() public {
        Proposal memory p = _mintProposal(1_000 ether);
        _proposeAndPass(p);
        _queue(p);
        skip(TIMELOCK_DELAY);
        governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash);
        vm.snapshotGasLastCall("execute");
    }
}
