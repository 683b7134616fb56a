// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {Test} from "forge-std/Test.sol";
import {Deploy} from "../../script/Deploy.s.sol";
import {IRewardsPool} from "../../src/rewards/IRewardsPool.sol";

/// The issue's story on the deploy script's defaults, with no coins for the deployer: three newcomers get the welcome
/// reward, one invites a fourth and both get the invite reward, they propose to raise the welcome reward, vote, reach
/// quorum, the timelock executes it, and the next newcomer gets the new amount.
contract SmallCommunityTest is Test {
    function test_aCommunityFromZero_raisesItsWelcomeReward() public {
        vm.warp(1_750_000_000);
        Deploy script = new Deploy();
        address service = makeAddr("service");
        Deploy.Parameters memory p = script.parameters(service);
        // DeployTest sets some of these in the process environment at the same time: pin them to the defaults.
        (p.recipients, p.amounts) = (new address[](0), new uint256[](0));
        (p.quorumPercent, p.timelockDelay, p.proposalThreshold) = (4, 1 days, 100 ether);
        p.rewarder = service;
        Deploy.Deployment memory d = script.deploy(p, address(script));
        assertEq(d.coin.balanceOf(address(script)), 0, "the deployer keeps no coins");
        assertEq(d.coin.balanceOf(address(d.timelock)), 99_000_000 ether);
        assertEq(d.rewards.balance(), 1_000_000 ether);

        address[4] memory people = [makeAddr("ann"), makeAddr("ben"), makeAddr("cy"), makeAddr("dee")];
        vm.startPrank(service);
        for (uint256 i = 0; i < 3; ++i) {
            assertEq(d.rewards.payWelcome(people[i]), 100 ether);
        }
        d.rewards.payWelcome(people[3]);
        assertEq(d.rewards.payInvite(people[0], people[3]), 50 ether);
        vm.stopPrank();
        for (uint256 i = 0; i < 4; ++i) {
            vm.prank(people[i]);
            d.coin.delegate(people[i]);
        }
        skip(1);
        assertEq(d.coin.getPastCirculatingSupply(block.timestamp - 1), 500 ether);

        address[] memory targets = new address[](1);
        targets[0] = address(d.rewards);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(IRewardsPool.setRules, (150 ether, 50 ether, 10_000 ether));
        string memory description = "Raise the welcome reward to 150 CHAT";
        vm.prank(people[1]); // 100 CHAT: the default threshold is one welcome reward
        uint256 id = d.governor.propose(targets, values, calldatas, description);
        skip(p.votingDelay + 1);
        assertEq(d.governor.quorum(d.governor.proposalSnapshot(id)), 20 ether, "4% of the 500 CHAT circulating");
        vm.prank(people[0]);
        d.governor.castVote(id, 1); // 150 votes
        skip(p.votingPeriod);
        assertEq(uint8(d.governor.state(id)), uint8(IGovernor.ProposalState.Succeeded));
        d.governor.queue(targets, values, calldatas, keccak256(bytes(description)));
        skip(p.timelockDelay);
        d.governor.execute(targets, values, calldatas, keccak256(bytes(description)));

        address eve = makeAddr("eve");
        vm.prank(service);
        assertEq(d.rewards.payWelcome(eve), 150 ether);
        assertEq(d.coin.balanceOf(eve), 150 ether);
    }
}
