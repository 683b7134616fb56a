// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {ChatCoin} from "../../src/token/ChatCoin.sol";
import {ChatGovernor} from "../../src/governance/ChatGovernor.sol";
import {RedEnvelope} from "../../src/envelopes/RedEnvelope.sol";
import {ReleaseRegistry} from "../../src/releases/ReleaseRegistry.sol";
import {CircleAccess} from "../../src/circles/CircleAccess.sol";
import {RewardsPool} from "../../src/rewards/RewardsPool.sol";

/// Deploys the whole system the way the service does (script/Deploy.s.sol does the same): forwarder, timelock,
/// ChatCoin (minted by the timelock; tips are its own `tip`), governor (the timelock's
/// only proposer and canceller), RedEnvelope (parameters owned by the timelock), ReleaseRegistry (owned by the
/// timelock), CircleAccess (owned by the timelock, which is also its treasury), RewardsPool (governed by the timelock,
/// paid out by `rewarder`; its coins and the timelock's are outside the circulating supply). The pool starts empty here:
/// tests fund it as governance does (the timelock mints or transfers).
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
    uint128 internal constant WELCOME_REWARD = 100 ether;
    uint128 internal constant INVITE_REWARD = 50 ether;
    uint256 internal constant DAILY_BUDGET = 10_000 ether;

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
    address internal rewarder = makeAddr("rewarder");

    ERC2771Forwarder internal forwarder;
    TimelockController internal timelock;
    ChatCoin internal coin;
    ChatGovernor internal governor;
    RedEnvelope internal envelopes;
    ReleaseRegistry internal releases;
    CircleAccess internal circles;
    RewardsPool internal rewards;

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
        // The pool is created right after the coin, which must know it as governance-held from the start.
        address pool = vm.computeCreateAddress(deployer, vm.getNonce(deployer) + 1);
        coin = new ChatCoin(CAP, address(timelock), address(forwarder), holders, amounts, pool);
        rewards = new RewardsPool(
            coin, address(timelock), rewarder, address(forwarder), WELCOME_REWARD, INVITE_REWARD, DAILY_BUDGET
        );
        assertEq(address(rewards), pool, "the pool landed where the coin expects it");

        governor = new ChatGovernor(
            coin, timelock, VOTING_DELAY, VOTING_PERIOD, PROPOSAL_THRESHOLD, QUORUM_PERCENT, address(forwarder)
        );
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        timelock.grantRole(timelock.EXECUTOR_ROLE(), address(0)); // anyone may execute once the delay passed
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), deployer);

        envelopes = new RedEnvelope(address(timelock), address(forwarder), MAX_SHARES, MIN_SHARE);
        releases = new ReleaseRegistry(address(timelock));
        circles = new CircleAccess(coin, address(timelock), address(timelock), address(forwarder));
        vm.stopPrank();

        vm.label(address(forwarder), "forwarder");
        vm.label(address(timelock), "timelock");
        vm.label(address(coin), "coin");
        vm.label(address(governor), "governor");
        vm.label(address(envelopes), "envelopes");
        vm.label(address(releases), "releases");
        vm.label(address(circles), "circles");
        vm.label(address(rewards), "rewards");
    }

    /// A request from the owner of `signerPk` for the forwarder to call `to` with `data`, signed (EIP-712) with the
    /// signer's current forwarder nonce; a relayer submits it with `forwarder.execute(request)`.
    function _signForwardRequest(uint256 signerPk, address to, bytes memory data)
        internal
        view
        returns (ERC2771Forwarder.ForwardRequestData memory request)
    {
        request = ERC2771Forwarder.ForwardRequestData({
            from: vm.addr(signerPk),
            to: to,
            value: 0,
            gas: 500_000,
            deadline: uint48(block.timestamp + 1 hours),
            data: data,
            signature: ""
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerPk, _forwardRequestDigest(request));
        request.signature = abi.encodePacked(r, s, v);
    }

    /// The EIP-712 digest the forwarder recovers the signer of `request` from.
    function _forwardRequestDigest(ERC2771Forwarder.ForwardRequestData memory request) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(
                    "ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data)"
                ),
                request.from,
                request.to,
                request.value,
                request.gas,
                forwarder.nonces(request.from),
                request.deadline,
                keccak256(request.data)
            )
        );
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            forwarder.eip712Domain();
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

    /// The owner of `ownerPk` signs an EIP-2612 permit of ChatCoin for `spender` with their current nonce.
    function _signCoinPermit(uint256 ownerPk, address spender, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        address owner = vm.addr(ownerPk);
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                spender,
                value,
                coin.nonces(owner),
                deadline
            )
        );
        (v, r, s) = vm.sign(ownerPk, keccak256(abi.encodePacked("\x19\x01", coin.DOMAIN_SEPARATOR(), structHash)));
    }
}
