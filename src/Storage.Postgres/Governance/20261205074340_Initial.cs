using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenChat.Chain.Storage.Postgres.Governance
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "governance");

            migrationBuilder.CreateTable(
                name: "Proposals",
                schema: "governance",
                columns: table => new
                {
                    ProposalId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    ChainId = table.Column<long>(type: "bigint", nullable: false),
                    Proposer = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    Template = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    ActionsJson = table.Column<string>(type: "text", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ForVotes = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    AgainstVotes = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    AbstainVotes = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Quorum = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    SnapshotAt = table.Column<long>(type: "bigint", nullable: false),
                    DeadlineAt = table.Column<long>(type: "bigint", nullable: false),
                    EtaAt = table.Column<long>(type: "bigint", nullable: false),
                    CreatedBlock = table.Column<long>(type: "bigint", nullable: false),
                    CreatedTxHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: true),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Proposals", x => x.ProposalId);
                });

            migrationBuilder.CreateTable(
                name: "ProposalVotes",
                schema: "governance",
                columns: table => new
                {
                    ProposalId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Voter = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    Support = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Weight = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    TxHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    BlockNumber = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProposalVotes", x => new { x.ProposalId, x.Voter });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Proposals_State",
                schema: "governance",
                table: "Proposals",
                column: "State");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Proposals",
                schema: "governance");

            migrationBuilder.DropTable(
                name: "ProposalVotes",
                schema: "governance");
        }
    }
}
