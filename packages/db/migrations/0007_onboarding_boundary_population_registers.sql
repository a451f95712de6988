PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_mesh_cells` (
	`municipality_code` text NOT NULL,
	`code` text NOT NULL,
	`population` real NOT NULL,
	`aged_65_plus` real NOT NULL,
	`aged_75_plus` real NOT NULL,
	`households` integer DEFAULT 0 NOT NULL,
	`share` real DEFAULT 1 NOT NULL,
	`concealed` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`municipality_code`, `code`),
	FOREIGN KEY (`municipality_code`) REFERENCES `municipalities`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_mesh_cells`("municipality_code", "code", "population", "aged_65_plus", "aged_75_plus", "households") SELECT "municipality_code", "code", "population", "aged_65_plus", "aged_75_plus", "households" FROM `mesh_cells`;--> statement-breakpoint
DROP TABLE `mesh_cells`;--> statement-breakpoint
ALTER TABLE `__new_mesh_cells` RENAME TO `mesh_cells`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
ALTER TABLE `municipalities` ADD `boundary_map_geojson` text;--> statement-breakpoint
ALTER TABLE `municipalities` ADD `boundary_import` text;--> statement-breakpoint
ALTER TABLE `municipalities` ADD `population_census_year` integer;--> statement-breakpoint
ALTER TABLE `municipalities` ADD `population_import` text;--> statement-breakpoint
ALTER TABLE `places` ADD `hours` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `residents` ADD `care_level` text;