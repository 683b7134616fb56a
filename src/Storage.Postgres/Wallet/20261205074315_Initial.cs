using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OpenChat.Chain.Storage.Postgres.Wallet
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "wallet");

            migrationBuilder.CreateTable(
                name: "ChainEvents",
                schema: "wallet",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChainId = table.Column<long>(type: "bigint", nullable: false),
                    BlockNumber = table.Column<long>(type: "bigint", nullable: false),
                    BlockHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    BlockTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    TxHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    LogIndex = table.Column<int>(type: "integer", nullable: false),
                    Contract = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EventName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    From = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: true),
                    To = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: true),
                    Amount = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    ArgsJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContractDeployments",
                schema: "wallet",
                columns: table => new
                {
                    ChainId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Address = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    TxHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    BlockNumber = table.Column<long>(type: "bigint", nullable: false),
                    DeployedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractDeployments", x => new { x.ChainId, x.Name });
                });

            migrationBuilder.CreateTable(
                name: "IndexerCheckpoints",
                schema: "wallet",
                columns: table => new
                {
                    ChainId = table.Column<long>(type: "bigint", nullable: false),
                    BlockNumber = table.Column<long>(type: "bigint", nullable: false),
                    BlockHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexerCheckpoints", x => x.ChainId);
                });

            migrationBuilder.CreateTable(
                name: "OutgoingTransfers",
                schema: "wallet",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountIndex = table.Column<int>(type: "integer", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    From = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    To = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    Amount = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Details = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ForwardNonce = table.Column<long>(type: "bigint", nullable: true),
                    RelayNonce = table.Column<long>(type: "bigint", nullable: true),
                    TxHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: true),
                    ReplacedTxHashes = table.Column<string>(type: "text", nullable: true),
                    MaxFeePerGas = table.Column<string>(type: "text", nullable: true),
                    MaxPriorityFeePerGas = table.Column<string>(type: "text", nullable: true),
                    SignedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    BroadcastAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    BlockNumber = table.Column<long>(type: "bigint", nullable: true),
                    BlockHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: true),
                    FailureReason = table.Column<string>(type: "text", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutgoingTransfers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RelayTransactions",
                schema: "wallet",
                columns: table => new
                {
                    TxHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    RelayNonce = table.Column<long>(type: "bigint", nullable: false),
                    RawTransaction = table.Column<string>(type: "text", nullable: false),
                    SignedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RelayTransactions", x => x.TxHash);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChainEvents_ChainId_BlockNumber",
                schema: "wallet",
                table: "ChainEvents",
                columns: new[] { "ChainId", "BlockNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_ChainEvents_ChainId_From",
                schema: "wallet",
                table: "ChainEvents",
                columns: new[] { "ChainId", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_ChainEvents_ChainId_To",
                schema: "wallet",
                table: "ChainEvents",
                columns: new[] { "ChainId", "To" });

            migrationBuilder.CreateIndex(
                name: "IX_ChainEvents_ChainId_TxHash_LogIndex",
                schema: "wallet",
                table: "ChainEvents",
                columns: new[] { "ChainId", "TxHash", "LogIndex" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChainEvents_TxHash",
                schema: "wallet",
                table: "ChainEvents",
                column: "TxHash");

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingTransfers_AccountIndex_IdempotencyKey",
                schema: "wallet",
                table: "OutgoingTransfers",
                columns: new[] { "AccountIndex", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingTransfers_BlockNumber",
                schema: "wallet",
                table: "OutgoingTransfers",
                column: "BlockNumber");

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingTransfers_Status",
                schema: "wallet",
                table: "OutgoingTransfers",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingTransfers_To",
                schema: "wallet",
                table: "OutgoingTransfers",
                column: "To");

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingTransfers_TxHash",
                schema: "wallet",
                table: "OutgoingTransfers",
                column: "TxHash");

            migrationBuilder.CreateIndex(
                name: "IX_RelayTransactions_RelayNonce",
                schema: "wallet",
                table: "RelayTransactions",
                column: "RelayNonce");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChainEvents",
                schema: "wallet");

            migrationBuilder.DropTable(
                name: "ContractDeployments",
                schema: "wallet");

            migrationBuilder.DropTable(
                name: "IndexerCheckpoints",
                schema: "wallet");

            migrationBuilder.DropTable(
                name: "OutgoingTransfers",
                schema: "wallet");

            migrationBuilder.DropTable(
                name: "RelayTransactions",
                schema: "wallet");
        }
    }
}
