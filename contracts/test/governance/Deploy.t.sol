// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {Deploy} from "../../script/Deploy.s.sol";
import {CoinAgeGovernor} from "../../src/governance/CoinAgeGovernor.sol";

/// The deploy script wires the system as the Fixture does, from environment parameters.
contract DeployTest is Test {
    function test_run_wiresTheSystemLikeTheFixture() public {
        address holder = makeAddr("holder");
        vm.setEnv("CHAT_RECIPIENTS", string.concat(vm.toString(holder), ",", vm.toString(address(0xBEEF))));
        vm.setEnv("CHAT_AMOUNTS", "5000000000000000000000,7");
        vm.setEnv("QUORUM_PERCENT", "10");
        vm.setEnv("TIMELOCK_DELAY", "3600");
        Deploy script = new Deploy();
        Deploy.Deployment memory d = script.run();
        address deployer = DEFAULT_SENDER; // forge's sender, who broadcasts without PRIVATE_KEY

        assertEq(d.coin.balanceOf(holder), 5_000 ether);
        assertEq(d.coin.balanceOf(address(0xBEEF)), 7);
        assertEq(d.coin.cap(), 1_000_000_000 ether);
        assertEq(d.coin.balanceOf(deployer), 0);
        assertEq(d.coin.balanceOf(address(d.timelock)), 99_000_000 ether, "the treasury belongs to governance");
        assertEq(d.coin.balanceOf(address(d.rewards)), 1_000_000 ether);
        assertTrue(d.coin.isGovernanceHolder(address(d.timelock)));
        assertTrue(d.coin.isGovernanceHolder(address(d.rewards)));
        assertEq(d.coin.governanceHeld(), 100_000_000 ether);
        assertTrue(d.rewards.hasRole(d.rewards.DEFAULT_ADMIN_ROLE(), address(d.timelock)));
        assertTrue(d.rewards.hasRole(d.rewards.REWARDER_ROLE(), deployer));
        assertFalse(d.rewards.hasRole(d.rewards.DEFAULT_ADMIN_ROLE(), deployer));
        assertEq(d.rewards.welcomeAmount(), 100 ether);
        assertEq(d.rewards.inviteAmount(), 50 ether);
        assertEq(d.rewards.dailyBudget(), 10_000 ether);
        assertEq(d.coin.owner(), address(d.timelock));
        assertTrue(d.coin.isTrustedForwarder(address(d.forwarder)));
        assertTrue(d.governor.isTrustedForwarder(address(d.forwarder)));
        assertTrue(d.envelopes.isTrustedForwarder(address(d.forwarder)));

        assertEq(d.governor.quorumNumerator(), 10);
        assertEq(d.governor.votingDelay(), 1 days);
        assertEq(d.governor.votingPeriod(), 3 days);
        assertEq(d.governor.proposalThreshold(), 100 ether);
        assertEq(d.governor.timelock(), address(d.timelock));
        assertEq(address(d.governor.token()), address(d.coin));

        assertEq(d.timelock.getMinDelay(), 3600);
        assertTrue(d.timelock.hasRole(d.timelock.PROPOSER_ROLE(), address(d.governor)));
        assertTrue(d.timelock.hasRole(d.timelock.CANCELLER_ROLE(), address(d.governor)));
        assertTrue(d.timelock.hasRole(d.timelock.EXECUTOR_ROLE(), address(0)));
        assertFalse(d.timelock.hasRole(d.timelock.DEFAULT_ADMIN_ROLE(), deployer));
        assertFalse(d.timelock.hasRole(d.timelock.DEFAULT_ADMIN_ROLE(), address(script)));
        assertFalse(d.timelock.hasRole(d.timelock.PROPOSER_ROLE(), deployer));

        assertEq(d.envelopes.owner(), address(d.timelock));
        assertEq(d.envelopes.maxShares(), 1_000);
        assertEq(d.envelopes.minShare(), 0.01 ether);

        assertEq(d.releases.owner(), address(d.timelock));
        assertEq(d.circles.owner(), address(d.timelock));
        assertEq(d.circles.treasury(), address(d.timelock), "the timelock is the default treasury");
        assertEq(d.circles.treasuryRate(), 0);
        assertEq(address(d.circles.coin()), address(d.coin));
        assertTrue(d.circles.isTrustedForwarder(address(d.forwarder)));
        (bool coinAge,) = address(d.governor).staticcall(abi.encodeCall(CoinAgeGovernor.coinAgeRule, ()));
        assertFalse(coinAge, "plain voting by default");
    }

    /// VOTE_WEIGHTING=coin-age: the same wiring with a CoinAgeGovernor (deploy() called directly with the parsed
    /// parameters, so this test does not race the one above over the process environment).
    function test_deploy_coinAgeWeighting() public {
        Deploy script = new Deploy();
        Deploy.Parameters memory p = script.parameters(address(script));
        p.voteWeighting = script.voteWeighting("coin-age");
        p.coinAgeMaturity = 16 days;
        p.coinAgeMaxBonusBps = 5_000;
        p.circleTreasury = address(0xCAFE);
        Deploy.Deployment memory d = script.deploy(p, address(script));

        (uint48 maturity, uint16 bonus) = CoinAgeGovernor(payable(address(d.governor))).coinAgeRule();
        assertEq(maturity, 16 days);
        assertEq(bonus, 5_000);
        assertEq(d.governor.timelock(), address(d.timelock));
        assertTrue(d.timelock.hasRole(d.timelock.PROPOSER_ROLE(), address(d.governor)));
        assertEq(d.circles.treasury(), address(0xCAFE));
    }

    function test_voteWeighting_parsesTheEnvironmentValue() public {
        Deploy script = new Deploy();
        assertEq(uint8(script.voteWeighting("plain")), uint8(Deploy.VoteWeighting.Plain));
        assertEq(uint8(script.voteWeighting("coin-age")), uint8(Deploy.VoteWeighting.CoinAge));
        vm.expectRevert(abi.encodeWithSelector(Deploy.DeployUnknownVoteWeighting.selector, "coinage"));
        script.voteWeighting("coinage");
    }
}
