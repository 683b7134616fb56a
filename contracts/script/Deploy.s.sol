// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Script} from "forge-std/Script.sol";
import {console2} from "forge-std/console2.sol";
import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ChatCoin} from "../src/token/ChatCoin.sol";
import {ChatGovernor} from "../src/governance/ChatGovernor.sol";
import {CoinAgeGovernor} from "../src/governance/CoinAgeGovernor.sol";
import {RedEnvelope} from "../src/envelopes/RedEnvelope.sol";
import {ReleaseRegistry} from "../src/releases/ReleaseRegistry.sol";
import {CircleAccess} from "../src/circles/CircleAccess.sol";
import {RewardsPool} from "../src/rewards/RewardsPool.sol";

/// @title Deploy
/// @notice Deploys and wires the whole system exactly as test/utils/Fixture.sol does: the ERC-2771 forwarder, the
/// timelock, ChatCoin (owned by the timelock; tips are its own `tip`), the governor (the
/// timelock's proposer and canceller; anyone executes), RedEnvelope, ReleaseRegistry and CircleAccess (each owned by
/// the timelock; the timelock is also the circles' treasury unless CIRCLE_TREASURY says otherwise); the deployer
/// then renounces the timelock's admin role, so only governance controls minting, the envelope parameters, release
/// approvals and the circles' treasury share. The treasury (CHAT_TREASURY) is minted to the timelock and the first
/// rewards (REWARDS_POOL_FUNDS) to the RewardsPool, both governance-held: the deployer keeps no coins unless
/// CHAT_RECIPIENTS names it (docs/rewards-and-quorum.md). The governor is ChatGovernor (plain ERC20Votes balances) or, with
/// VOTE_WEIGHTING=coin-age, CoinAgeGovernor (docs/coin-age-votes.md), with the same settings.
/// @dev Simulate: `forge script script/Deploy.s.sol`; deploy: add `--rpc-url <url> --broadcast`. Parameters come
/// from environment variables, each with a default:
///   PRIVATE_KEY          deployer key (default: forge's sender, `--sender` or its default)
///   CHAT_CAP             supply cap in base units                  (1,000,000,000 CHAT)
///   CHAT_TREASURY        minted to the timelock, base units        (99,000,000 CHAT)
///   CHAT_RECIPIENTS      other initial holders, comma-separated    (none)
///   CHAT_AMOUNTS         their amounts in base units, same order   (none)
///   VOTING_DELAY         seconds from proposal to vote start       (1 day: time to activate voting)
///   VOTING_PERIOD        seconds a vote lasts                      (3 days)
///   PROPOSAL_THRESHOLD   votes needed to propose, base units       (100 CHAT: one welcome reward)
///   QUORUM_PERCENT       percent of the circulating supply         (4)
///   TIMELOCK_DELAY       seconds between queue and execution      (1 day)
///   ENVELOPE_MAX_SHARES  largest number of shares of an envelope   (1,000)
///   ENVELOPE_MIN_SHARE   smallest share in base units              (0.01 CHAT)
///   VOTE_WEIGHTING       plain | coin-age                          (plain)
///   COIN_AGE_MATURITY    coin-age: seconds to full age, not 0      (32 days)
///   COIN_AGE_MAX_BONUS_BPS coin-age: full bonus, basis points      (10,000: an aged coin counts twice)
///   CIRCLE_TREASURY      receiver of the circles' treasury share   (the timelock)
///   REWARDS_POOL_FUNDS   minted to the rewards pool, base units    (1,000,000 CHAT)
///   WELCOME_REWARD       welcome reward, base units                (100 CHAT)
///   INVITE_REWARD        invite reward to each side, base units    (50 CHAT)
///   REWARDS_DAILY_BUDGET rewards paid per UTC day at most          (10,000 CHAT)
///   REWARDER             the service's account that pays rewards   (the deployer)
contract Deploy is Script {
    struct Deployment {
        ERC2771Forwarder forwarder;
        TimelockController timelock;
        ChatCoin coin;
        ChatGovernor governor;
        RedEnvelope envelopes;
        ReleaseRegistry releases;
        CircleAccess circles;
        RewardsPool rewards;
    }

    /// @notice How votes are weighted: plain ERC20Votes balances, or amount and coin age.
    enum VoteWeighting {
        Plain,
        CoinAge
    }

    /// @notice VOTE_WEIGHTING is neither "plain" nor "coin-age".
    error DeployUnknownVoteWeighting(string value);
    /// @notice The rewards pool did not land at the address the coin was told (the deployer's nonce moved).
    error DeployRewardsPoolMisplaced(address expected, address actual);

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
        VoteWeighting voteWeighting;
        uint48 coinAgeMaturity;
        uint16 coinAgeMaxBonusBps;
        address circleTreasury; // zero: the timelock
        uint256 treasury;
        uint256 poolFunds;
        uint128 welcomeReward;
        uint128 inviteReward;
        uint256 rewardsDailyBudget;
        address rewarder;
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
        console2.log("releases ", address(d.releases));
        console2.log("circles  ", address(d.circles));
        console2.log("rewards  ", address(d.rewards));
    }

    /// @notice The parameters from the environment, with the defaults listed above.
    function parameters(address deployer) public view returns (Parameters memory p) {
        p.cap = vm.envOr("CHAT_CAP", uint256(1_000_000_000 ether));
        p.treasury = vm.envOr("CHAT_TREASURY", uint256(99_000_000 ether));
        p.recipients = vm.envOr("CHAT_RECIPIENTS", ",", new address[](0));
        p.amounts = vm.envOr("CHAT_AMOUNTS", ",", new uint256[](0));
        p.votingDelay = SafeCast.toUint48(vm.envOr("VOTING_DELAY", uint256(1 days)));
        p.votingPeriod = SafeCast.toUint32(vm.envOr("VOTING_PERIOD", uint256(3 days)));
        p.proposalThreshold = vm.envOr("PROPOSAL_THRESHOLD", uint256(100 ether));
        p.quorumPercent = vm.envOr("QUORUM_PERCENT", uint256(4));
        p.timelockDelay = vm.envOr("TIMELOCK_DELAY", uint256(1 days));
        p.maxShares = SafeCast.toUint32(vm.envOr("ENVELOPE_MAX_SHARES", uint256(1_000)));
        p.minShare = SafeCast.toUint96(vm.envOr("ENVELOPE_MIN_SHARE", uint256(0.01 ether)));
        p.voteWeighting = voteWeighting(vm.envOr("VOTE_WEIGHTING", string("plain")));
        p.coinAgeMaturity = SafeCast.toUint48(vm.envOr("COIN_AGE_MATURITY", uint256(32 days)));
        p.coinAgeMaxBonusBps = SafeCast.toUint16(vm.envOr("COIN_AGE_MAX_BONUS_BPS", uint256(10_000)));
        p.circleTreasury = vm.envOr("CIRCLE_TREASURY", address(0));
        p.poolFunds = vm.envOr("REWARDS_POOL_FUNDS", uint256(1_000_000 ether));
        p.welcomeReward = SafeCast.toUint128(vm.envOr("WELCOME_REWARD", uint256(100 ether)));
        p.inviteReward = SafeCast.toUint128(vm.envOr("INVITE_REWARD", uint256(50 ether)));
        p.rewardsDailyBudget = vm.envOr("REWARDS_DAILY_BUDGET", uint256(10_000 ether));
        p.rewarder = vm.envOr("REWARDER", deployer);
    }

    /// @notice Reads a VOTE_WEIGHTING value: "plain" or "coin-age".
    function voteWeighting(string memory value) public pure returns (VoteWeighting) {
        bytes32 h = keccak256(bytes(value));
        if (h == keccak256("plain")) return VoteWeighting.Plain;
        if (h == keccak256("coin-age")) return VoteWeighting.CoinAge;
        revert DeployUnknownVoteWeighting(value);
    }

    /// @notice Deploys and wires everything; every call comes from `deployer` (broadcast or pranked).
    function deploy(Parameters memory p, address deployer) public returns (Deployment memory d) {
        d.forwarder = new ERC2771Forwarder("OpenChat Forwarder");
        address[] memory none = new address[](0);
        d.timelock = new TimelockController(p.timelockDelay, none, none, deployer);
        (d.coin, d.rewards) = _deployCoinAndPool(p, d.timelock, d.forwarder, deployer);
        d.governor = p.voteWeighting == VoteWeighting.CoinAge
            ? new CoinAgeGovernor(
                d.coin,
                d.timelock,
                p.votingDelay,
                p.votingPeriod,
                p.proposalThreshold,
                p.quorumPercent,
                address(d.forwarder),
                p.coinAgeMaturity,
                p.coinAgeMaxBonusBps
            )
            : new ChatGovernor(
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
        d.releases = new ReleaseRegistry(address(d.timelock));
        address treasury = p.circleTreasury == address(0) ? address(d.timelock) : p.circleTreasury;
        d.circles = new CircleAccess(d.coin, address(d.timelock), treasury, address(d.forwarder));
    }

    /// @dev ChatCoin with the treasury minted to the timelock and the first rewards to the pool, then the pool, created
    /// right after the coin, which counts it as governance-held from the start.
    function _deployCoinAndPool(Parameters memory p, TimelockController timelock, ERC2771Forwarder forwarder, address deployer)
        private
        returns (ChatCoin coin, RewardsPool rewards)
    {
        address pool = vm.computeCreateAddress(deployer, vm.getNonce(deployer) + 1);
        uint256 n = p.recipients.length;
        if (p.amounts.length != n) revert ChatCoin.ChatCoinDistributionMismatch(n, p.amounts.length);
        address[] memory recipients = new address[](n + 2);
        uint256[] memory amounts = new uint256[](n + 2);
        for (uint256 i = 0; i < n; ++i) {
            (recipients[i], amounts[i]) = (p.recipients[i], p.amounts[i]);
        }
        (recipients[n], amounts[n]) = (address(timelock), p.treasury);
        (recipients[n + 1], amounts[n + 1]) = (pool, p.poolFunds);
        coin = new ChatCoin(p.cap, address(timelock), address(forwarder), recipients, amounts, pool);
        rewards = new RewardsPool(
            coin, address(timelock), p.rewarder, address(forwarder), p.welcomeReward, p.inviteReward, p.rewardsDailyBudget
        );
        if (address(rewards) != pool) revert DeployRewardsPoolMisplaced(pool, address(rewards));
    }
}
