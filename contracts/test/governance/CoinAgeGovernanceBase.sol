// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {CoinAgeGovernor} from "../../src/governance/CoinAgeGovernor.sol";
import {ReleaseRegistry} from "../../src/releases/ReleaseRegistry.sol";
import {Fixture} from "../utils/Fixture.sol";

/// The Fixture plus the coin-age option as Deploy.s.sol wires it with VOTE_WEIGHTING=coin-age: a CoinAgeGovernor on
/// the same ChatCoin with the same settings, proposing to a timelock of its own that owns a ReleaseRegistry. The
/// Fixture's plain ChatGovernor stays, so a test can run one scenario through both. Nobody has delegated yet.
abstract contract CoinAgeGovernanceBase is Fixture {
    uint48 internal constant MATURITY = 32 days; // 8 samples, 4 days apart
    uint16 internal constant MAX_BONUS_BPS = 10_000; // a fully aged coin counts twice
    uint8 internal constant AGAINST = 0;
    uint8 internal constant FOR = 1;
    uint8 internal constant ABSTAIN = 2;

    TimelockController internal ageTimelock;
    CoinAgeGovernor internal ageGovernor;
    ReleaseRegistry internal ageReleases;
    address internal dave = makeAddr("dave");
    address internal erin = makeAddr("erin");

    function setUp() public virtual override {
        super.setUp();
        vm.startPrank(deployer);
        address[] memory none = new address[](0);
        ageTimelock = new TimelockController(TIMELOCK_DELAY, none, none, deployer);
        ageGovernor = new CoinAgeGovernor(
            coin,
            ageTimelock,
            VOTING_DELAY,
            VOTING_PERIOD,
            PROPOSAL_THRESHOLD,
            QUORUM_PERCENT,
            address(forwarder),
            MATURITY,
            MAX_BONUS_BPS
        );
        ageTimelock.grantRole(ageTimelock.PROPOSER_ROLE(), address(ageGovernor));
        ageTimelock.grantRole(ageTimelock.CANCELLER_ROLE(), address(ageGovernor));
        ageTimelock.grantRole(ageTimelock.EXECUTOR_ROLE(), address(0));
        ageTimelock.renounceRole(ageTimelock.DEFAULT_ADMIN_ROLE(), deployer);
        ageReleases = new ReleaseRegistry(address(ageTimelock));
        vm.stopPrank();
        vm.label(address(ageGovernor), "ageGovernor");
        vm.label(address(ageTimelock), "ageTimelock");
    }

    function _delegateSelf(address holder) internal {
        vm.prank(holder);
        coin.delegate(holder);
    }

    function _send(address from, address to, uint256 amount) internal {
        vm.prank(from);
        coin.transfer(to, amount);
    }

    /// One call proposed to `gov` by `proposer`; returns the proposal id.
    function _proposeTo(IGovernor gov, address proposer, address target, bytes memory data, string memory description)
        internal
        returns (uint256 id)
    {
        address[] memory targets = new address[](1);
        targets[0] = target;
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = data;
        vm.prank(proposer);
        id = gov.propose(targets, values, calldatas, description);
    }

    function _voteOn(IGovernor gov, address voter, uint256 id, uint8 support) internal {
        vm.prank(voter);
        gov.castVote(id, support);
    }
}
