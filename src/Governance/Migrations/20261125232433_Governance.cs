using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenChat.Chain.Governance.Migrations
{
    /// <inheritdoc />
    public partial class Governance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Proposals",
                columns: table => new
                {
                    ProposalId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    ChainId = table.Column<long>(type: "INTEGER", nullable: false),
                    Proposer = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    Template = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    ActionsJson = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ForVotes = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    AgainstVotes = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    AbstainVotes = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Quorum = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    SnapshotAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeadlineAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EtaAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBlock = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedTxHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Proposals", x => x.ProposalId);
                });

            migrationBuilder.CreateTable(
                name: "ProposalVotes",
                columns: table => new
                {
                    ProposalId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Voter = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    Support = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Weight = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    TxHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProposalVotes", x => new { x.ProposalId, x.Voter });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Proposals_State",
                table: "Proposals",
                column: "State");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Proposals");

            migrationBuilder.DropTable(
                name: "ProposalVotes");
        }
    }
}
