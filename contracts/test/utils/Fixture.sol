// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {ChatCoin} from "../../src/token/ChatCoin.sol";
import {ChatGovernor} from "../../src/governance/ChatGovernor.sol";
import {RedEnvelope} from "../../src/envelopes/RedEnvelope.sol";
import {Tipping} from "../../src/tipping/Tipping.sol";

/// Deploys the whole system the way the service does: forwarder, timelock, ChatCoin (minted by the
/// timelock), governor (the timelock's only proposer), RedEnvelope (parameters owned by the timelock), Tipping.
abstract contract Fixture is Test {
    uint256 internal constant CAP = 1_000_000_000 ether;
    uint256 internal constant INITIAL_BALANCE = 1_000_000 ether;
    uint48 internal constant VOTING_DELAY = 1 hours;
    uint32 internal constant VOTING_PERIOD = 3 days;
    uint256 internal constant PROPOSAL_THRESHOLD = 1_000 ether;
    uint256 internal constant QUORUM_PERCENT = 4;
    uint256 internal constant TIMELOCK_DELAY = 1 days;
    uint32 internal constant MAX_SHARES = 1_000;
    uint96 internal constant MIN_SHARE = 0.01 ether;

    address internal deployer = makeAddr("deployer");
    address internal alice;
    uint256 internal alicePk;
    address internal bob;
    uint256 internal bobPk;
    address internal carol;
    uint256 internal carolPk;
    address internal gatekeeper;
    uint256 internal gatekeeperPk;
    address internal relayer = makeAddr("relayer");

    ERC2771Forwarder internal forwarder;
    TimelockController internal timelock;
    ChatCoin internal coin;
    ChatGovernor internal governor;
    RedEnvelope internal envelopes;
    Tipping internal tipping;

    function setUp() public virtual {
        (alice, alicePk) = makeAddrAndKey("alice");
        (bob, bobPk) = makeAddrAndKey("bob");
        (carol, carolPk) = makeAddrAndKey("carol");
        (gatekeeper, gatekeeperPk) = makeAddrAndKey("gatekeeper");
        vm.warp(1_750_000_000);

        vm.startPrank(deployer);
        forwarder = new ERC2771Forwarder("OpenChat Forwarder");
        address[] memory none = new address[](0);
        timelock = new TimelockController(TIMELOCK_DELAY, none, none, deployer);

        address[] memory holders = new address[](3);
        holders[0] = alice;
        holders[1] = bob;
        holders[2] = carol;
        uint256[] memory amounts = new uint256[](3);
        amounts[0] = INITIAL_BALANCE;
        amounts[1] = INITIAL_BALANCE;
        amounts[2] = INITIAL_BALANCE;
        coin = new ChatCoin(CAP, address(timelock), address(forwarder), holders, amounts);

        governor = new ChatGovernor(coin, timelock, VOTING_DELAY, VOTING_PERIOD, PROPOSAL_THRESHOLD, QUORUM_PERCENT);
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        timelock.grantRole(timelock.EXECUTOR_ROLE(), address(0)); // anyone may execute once the delay passed
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), deployer);

        envelopes = new RedEnvelope(address(timelock), address(forwarder), MAX_SHARES, MIN_SHARE);
        tipping = new Tipping(coin, address(forwarder));
        vm.stopPrank();

        vm.label(address(forwarder), "forwarder");
        vm.label(address(timelock), "timelock");
        vm.label(address(coin), "coin");
        vm.label(address(governor), "governor");
        vm.label(address(envelopes), "envelopes");
        vm.label(address(tipping), "tipping");
    }
}
