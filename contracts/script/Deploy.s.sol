// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Script} from "forge-std/Script.sol";
import {console2} from "forge-std/console2.sol";
import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ChatCoin} from "../src/token/ChatCoin.sol";
import {ChatGovernor} from "../src/governance/ChatGovernor.sol";
import {RedEnvelope} from "../src/envelopes/RedEnvelope.sol";
import {Tipping} from "../src/tipping/Tipping.sol";

/// @title Deploy
/// @notice Deploys and wires the whole system exactly as test/utils/Fixture.sol does: the ERC-2771 forwarder, the
/// timelock, ChatCoin (owned by the timelock; it creates Tipping, its allowance-free spender), the governor (the
/// timelock's proposer and canceller; anyone executes), RedEnvelope (owned by the timelock); the deployer then
/// renounces the timelock's admin role, so only governance controls minting and the envelope parameters.
/// @dev Simulate: `forge script script/Deploy.s.sol`; deploy: add `--rpc-url <url> --broadcast`. Parameters come
/// from environment variables, each with a default:
///   PRIVATE_KEY          deployer key (default: forge's sender, `--sender` or its default)
///   CHAT_CAP             supply cap in base units                  (1,000,000,000 CHAT)
///   CHAT_RECIPIENTS      initial holders, comma-separated          (the deployer)
///   CHAT_AMOUNTS         their amounts in base units, same order   (100,000,000 CHAT)
///   VOTING_DELAY         seconds from proposal to vote start       (1 hour)
///   VOTING_PERIOD        seconds a vote lasts                      (3 days)
///   PROPOSAL_THRESHOLD   votes needed to propose, base units       (1,000 CHAT)
///   QUORUM_PERCENT       percent of the supply that must vote      (4)
///   TIMELOCK_DELAY       seconds between queue and execution      (1 day)
///   ENVELOPE_MAX_SHARES  largest number of shares of an envelope   (1,000)
///   ENVELOPE_MIN_SHARE   smallest share in base units              (0.01 CHAT)
contract Deploy is Script {
    struct Deployment {
        ERC2771Forwarder forwarder;
        TimelockController timelock;
        ChatCoin coin;
        ChatGovernor governor;
        RedEnvelope envelopes;
        Tipping tipping;
    }

    struct Parameters {
        uint256 cap;
        address[] recipients;
        uint256[] amounts;
        uint48 votingDelay;
        uint32 votingPeriod;
        uint256 proposalThreshold;
        uint256 quorumPercent;
        uint256 timelockDelay;
        uint32 maxShares;
        uint96 minShare;
    }

    function run() external returns (Deployment memory d) {
        uint256 key = vm.envOr("PRIVATE_KEY", uint256(0));
        if (key == 0) vm.startBroadcast();
        else vm.startBroadcast(key);
        (, address deployer,) = vm.readCallers(); // the broadcasting account
        d = deploy(parameters(deployer), deployer);
        vm.stopBroadcast();

        console2.log("forwarder", address(d.forwarder));
        console2.log("timelock ", address(d.timelock));
        console2.log("coin     ", address(d.coin));
        console2.log("governor ", address(d.governor));
        console2.log("envelopes", address(d.envelopes));
        console2.log("tipping  ", address(d.tipping));
    }

    /// @notice The parameters from the environment, with the defaults listed above.
    function parameters(address deployer) public view returns (Parameters memory p) {
        address[] memory defaultRecipients = new address[](1);
        defaultRecipients[0] = deployer;
        uint256[] memory defaultAmounts = new uint256[](1);
        defaultAmounts[0] = 100_000_000 ether;

        p.cap = vm.envOr("CHAT_CAP", uint256(1_000_000_000 ether));
        p.recipients = vm.envOr("CHAT_RECIPIENTS", ",", defaultRecipients);
        p.amounts = vm.envOr("CHAT_AMOUNTS", ",", defaultAmounts);
        p.votingDelay = SafeCast.toUint48(vm.envOr("VOTING_DELAY", uint256(1 hours)));
        p.votingPeriod = SafeCast.toUint32(vm.envOr("VOTING_PERIOD", uint256(3 days)));
        p.proposalThreshold = vm.envOr("PROPOSAL_THRESHOLD", uint256(1_000 ether));
        p.quorumPercent = vm.envOr("QUORUM_PERCENT", uint256(4));
        p.timelockDelay = vm.envOr("TIMELOCK_DELAY", uint256(1 days));
        p.maxShares = SafeCast.toUint32(vm.envOr("ENVELOPE_MAX_SHARES", uint256(1_000)));
        p.minShare = SafeCast.toUint96(vm.envOr("ENVELOPE_MIN_SHARE", uint256(0.01 ether)));
    }

    /// @notice Deploys and wires everything; every call comes from `deployer` (broadcast or pranked).
    function deploy(Parameters memory p, address deployer) public returns (Deployment memory d) {
        d.forwarder = new ERC2771Forwarder("OpenChat Forwarder");
        address[] memory none = new address[](0);
        d.timelock = new TimelockController(p.timelockDelay, none, none, deployer);
        d.coin = new ChatCoin(p.cap, address(d.timelock), address(d.forwarder), p.recipients, p.amounts);
        d.governor = new ChatGovernor(
            d.coin,
            d.timelock,
            p.votingDelay,
            p.votingPeriod,
            p.proposalThreshold,
            p.quorumPercent,
            address(d.forwarder)
        );
        d.timelock.grantRole(d.timelock.PROPOSER_ROLE(), address(d.governor));
        d.timelock.grantRole(d.timelock.CANCELLER_ROLE(), address(d.governor));
        d.timelock.grantRole(d.timelock.EXECUTOR_ROLE(), address(0)); // anyone may execute once the delay passed
        d.timelock.renounceRole(d.timelock.DEFAULT_ADMIN_ROLE(), deployer);
        d.envelopes = new RedEnvelope(address(d.timelock), address(d.forwarder), p.maxShares, p.minShare);
        d.tipping = Tipping(address(d.coin.tipping())); // created by ChatCoin, its allowance-free spender
    }
}
