/*
 * Generated from spec/hcp-terraform-openapi-v2-beta.json by `yarn generate`
 * (scripts/generate-contract-types.mjs, openapi-typescript). Do not edit:
 * change the spec and regenerate.
 */

export interface paths {
    "/admin/banners": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create Site-Wide Announcement Banner
         * @description Creates a site-wide announcement banner. Only one banner can be active at a time; creating a new banner automatically deactivates any existing active banner. If neither scheduled-publish-at nor scheduled-expire-at are provided, the banner is published immediately.
         *
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["createAdminBanner"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/banners/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Deactivate Site-Wide Announcement Banner
         * @description Deactivates a site-wide announcement banner. This is a soft delete: the banner row is retained for audit history, but deactivated-at is set to the current timestamp and the banner is no longer returned by the active banner endpoint. Returns 204 No Content on success.
         *
         *
         *     This operation is only available in Terraform Enterprise.
         */
        delete: operations["deactivateAdminBanner"];
        options?: never;
        head?: never;
        /**
         * Update Site-Wide Announcement Banner
         * @description Updates an existing site-wide announcement banner. Partial updates are supported: only fields present in the request body are modified. All model validations apply, including the schedule all-or-nothing rule. Returns the updated banner on success.
         *
         *
         *     This operation is only available in Terraform Enterprise.
         */
        patch: operations["updateAdminBanner"];
        trace?: never;
    };
    "/account/details": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Account Details
         * @description Get your account details
         */
        get: operations["getAccountDetails"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update account
         * @description Update your username and email address. Other attributes are ignored.
         */
        patch: operations["updateAccount"];
        trace?: never;
    };
    "/account/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update account password
         * @description Change your account password
         */
        patch: operations["updateAccountPassword"];
        trace?: never;
    };
    "/account/hcp-organizations/{hcp_organization_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * HCP Organization
         * @description Get details of a specific HCP organization
         *
         *     This operation is only available in HCP Terraform.
         */
        get: operations["getHCPOrganization"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/feature-sets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Feature Sets
         * @description Lists the feature sets available in HCP Terraform. Returns feature sets that are active, current, and public.
         *
         *     This operation is only available in HCP Terraform.
         */
        get: operations["listFeatureSets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/feature-sets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Feature Sets for Organization
         * @description Lists the feature sets a particular organization is eligible to access.
         *
         *     This operation is only available in HCP Terraform.
         */
        get: operations["listOrganizationFeatureSets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/subscriptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a subscription
         * @description Show details of a subscription.
         *
         *     This operation is only available in HCP Terraform.
         */
        get: operations["showSubscription"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/subscription": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update organization subscription
         * @description Update configurable fields on an organization's active subscription. Currently supports setting, updating, or clearing the RUM alert threshold. Requires org owner permissions. Only available on paid RUM plans.
         *
         *
         *     This operation is only available in HCP Terraform.
         */
        patch: operations["updateOrganizationSubscription"];
        trace?: never;
    };
    "/organizations/{organization_name}/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List organization invoices
         * @description Lists the previous invoices for an organization. This endpoint uses cursor-based pagination with a fixed page size of 10 items. Pass the value of meta.continuation as the cursor parameter to retrieve the next page. When meta.continuation is null there are no further pages.
         *
         *     This operation is only available in HCP Terraform.
         */
        get: operations["listOrganizationInvoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/invoices/next": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get next invoice
         * @description Returns the upcoming invoice for the next billing period for an organization. Returns null when no upcoming invoice is available.
         *
         *     This operation is only available in HCP Terraform.
         */
        get: operations["showOrganizationNextInvoice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/agent-pools": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Agent Pools
         * @description List agent pools, their agents, and their tokens for an organization.
         */
        get: operations["listAgentPools"];
        put?: never;
        /**
         * Create Agent Pool
         * @description Create an agent pool for an organization.
         */
        post: operations["createAgentPool"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/agent-pools/{agent_pool_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Agent Pool details
         * @description Get details about an agent pool
         */
        get: operations["getAgentPool"];
        put?: never;
        post?: never;
        /**
         * Delete Agent Pool
         * @description Delete an agent pool
         */
        delete: operations["deleteAgentPool"];
        options?: never;
        head?: never;
        /**
         * Update Agent Pool
         * @description Update an agent pool
         */
        patch: operations["updateAgentPool"];
        trace?: never;
    };
    "/agent-pools/{agent_pool_id}/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Agents
         * @description List all agents in the specified agent pool.
         */
        get: operations["listAgents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/agents/{agent_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Agent details
         * @description Get details about an agent
         */
        get: operations["getAgent"];
        put?: never;
        post?: never;
        /**
         * Delete Agent
         * @description Remove an agent
         */
        delete: operations["deleteAgent"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cidr-range-lists/{cidr_range_list_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get CIDR Range List details
         * @description Get details about a CIDR Range List
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        get: operations["getCidrRangeList"];
        put?: never;
        post?: never;
        /**
         * Delete CIDR Range List
         * @description Delete a CIDR Range List.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        delete: operations["deleteCidrRangeList"];
        options?: never;
        head?: never;
        /**
         * Update CIDR Range List
         * @description Update a CIDR Range List
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        patch: operations["updateCidrRangeList"];
        trace?: never;
    };
    "/cidr-range-lists/{cidr_range_list_id}/relationships/cidr-ranges": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List CIDR Ranges
         * @description List all CIDR Ranges in a CIDR Range List
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        get: operations["listCidrRanges"];
        put?: never;
        /**
         * Create CIDR Range
         * @description Create a new CIDR Range
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        post: operations["createCidrRange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cidr-range-lists/{cidr_range_list_id}/relationships/agent-pools": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Assign Agent Pools to a CIDR Range List
         * @description Assign one or more Agent Pools to a CIDR Range List
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        post: operations["assignAgentPoolsToCidrRangeList"];
        /**
         * Unassign Agent Pools from a CIDR Range List
         * @description Unassign one or more Agent Pools from a CIDR Range List
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        delete: operations["unassignAgentPoolsFromCidrRangeList"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cidr-ranges/{cidr_range_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get CIDR Range details
         * @description Get details about a CIDR Range
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        get: operations["getCidrRange"];
        put?: never;
        post?: never;
        /**
         * Delete CIDR Range
         * @description Delete a CIDR Range.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        delete: operations["deleteCidrRange"];
        options?: never;
        head?: never;
        /**
         * Update CIDR Range
         * @description Update a CIDR Range
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        patch: operations["updateCidrRange"];
        trace?: never;
    };
    "/organizations/{organization_name}/metrics-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tokens
         * @description Lists all Metrics service tokens for the organization.
         *
         *     This operation is only available in HCP Terraform.
         */
        get: operations["listMetricsTokens"];
        put?: never;
        /**
         * Generate a new token
         * @description Generates a new Metrics Service token.
         *
         *     This operation is only available in HCP Terraform.
         */
        post: operations["createMetricsToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/metrics-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a token
         * @description Deletes a Metrics Service token.
         *
         *     This operation is only available in HCP Terraform.
         */
        delete: operations["deleteMetricsToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Organizations
         * @description List organizations.
         */
        get: operations["listOrganizations"];
        put?: never;
        /**
         * Create Organization
         * @description Create an organization.
         */
        post: operations["createOrganization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Organization details
         * @description Get details about an organization.
         */
        get: operations["getOrganization"];
        /**
         * Update Organization
         * @description Update an organization.
         */
        put: operations["updateOrganization"];
        post?: never;
        /**
         * Delete Organization
         * @description Delete an organization.
         */
        delete: operations["deleteOrganization"];
        options?: never;
        head?: never;
        /**
         * Update Organization
         * @description Update an organization.
         */
        patch: operations["updateOrganization_2"];
        trace?: never;
    };
    "/organizations/{organization_name}/cidr-range-lists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List CIDR Range Lists
         * @description List all CIDR Range Lists in an organization
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        get: operations["listCidrRangeLists"];
        put?: never;
        /**
         * Create CIDR Range List
         * @description Create a new CIDR Range List
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        post: operations["createCidrRangeList"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/organization-memberships": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Organization Memberships
         * @description List all memberships in an organization. This includes active/inactive members and invited users who have not yet accepted their invitation.
         */
        get: operations["listOrganizationMemberships"];
        put?: never;
        /**
         * Invite a User to an Organization
         * @description Invite a user to join an organization. Users can be invited by email address.
         */
        post: operations["createOrganizationMembership"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organization-memberships": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List User's Own Organization Memberships
         * @description List all organization memberships for the currently authenticated user.
         */
        get: operations["listUserOrganizationMemberships"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organization-memberships/{organization_membership_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show Organization Membership
         * @description Get details about a specific organization membership.
         */
        get: operations["getOrganizationMembership"];
        put?: never;
        post?: never;
        /**
         * Remove User from Organization
         * @description Remove a user from an organization. You cannot remove yourself from organizations which you own.
         */
        delete: operations["deleteOrganizationMembership"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/recoverable-items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Recoverable Items
         * @description List all recoverable items (soft-deleted resources) in an organization.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        get: operations["listRecoverableItems"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/recoverable-items/{id}/actions/recover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Recover a Recoverable Item
         * @description Recover a soft-deleted resource by restoring it from a recoverable item. The resource must not be expired, permanently deleted, or already recovered.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        put: operations["recoverRecoverableItem"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/recoverable-items/{id}/actions/permanently-delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Permanently Delete a Recoverable Item
         * @description Permanently delete a recoverable item, making the soft-deleted resource unrecoverable. The item must not be expired, already permanently deleted, or recovered.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        put: operations["permanentlyDeleteRecoverableItem"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/relationships/module-producers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Module Producers
         * @description List organizations that are configured to share modules with an organization.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        get: operations["listModuleProducers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/relationships/data-retention-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Data Retention Policy
         * @description Show the data retention policy set explicitly on the organization.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        get: operations["getDataRetentionPolicy"];
        put?: never;
        /**
         * Create or Update Data Retention Policy
         * @description Create a data retention policy for an organization or update the existing policy.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["createOrUpdateDataRetentionPolicy"];
        /**
         * Delete Data Retention Policy
         * @description Remove the data retention policy explicitly set on an organization.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        delete: operations["deleteDataRetentionPolicy"];
        options?: never;
        head?: never;
        /**
         * Create or Update Data Retention Policy
         * @description Create a data retention policy for an organization or update the existing policy.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        patch: operations["createOrUpdateDataRetentionPolicy_2"];
        trace?: never;
    };
    "/organizations/{organization_name}/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Projects
         * @description List all projects in an organization.
         */
        get: operations["listProjects"];
        put?: never;
        /**
         * Create a Project
         * @description Create a new project in an organization.
         */
        post: operations["createProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/token-ttl-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Token TTL Policies
         * @description List all token TTL policies for an organization.
         */
        get: operations["listTokenTtlPolicies"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Create or Update Token TTL Policies
         * @description Create or Update token TTL policies for an organization.
         */
        patch: operations["upsertTokenTtlPolicies"];
        trace?: never;
    };
    "/projects/{project_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Project
         * @description Get details of a specific project.
         */
        get: operations["getProject"];
        put?: never;
        post?: never;
        /**
         * Delete Project
         * @description Delete a project.
         */
        delete: operations["deleteProject"];
        options?: never;
        head?: never;
        /**
         * Update Project
         * @description Update an existing project.
         */
        patch: operations["updateProject"];
        trace?: never;
    };
    "/projects/{project_id}/relationships/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move Workspaces into a Project
         * @description Move one or more workspaces into a project. You must have permission to move workspaces on the destination project as well as any source project(s). If you are not authorized to move any of the workspaces in the request, or if any workspaces in the request are not found, then no workspaces will be moved.
         */
        post: operations["moveWorkspacesIntoProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/relationships/tag-bindings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Project Tag Bindings
         * @description List all tags associated with a project.
         */
        get: operations["listProjectTagBindings"];
        put?: never;
        /**
         * Add Tag Bindings to a Project
         * @description Add one or more tag bindings to a project.
         */
        post: operations["addProjectTagBindings"];
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Replace Tag Bindings in a Project
         * @description Replace all tag bindings in a project.
         */
        patch: operations["replaceProjectTagBindings"];
        trace?: never;
    };
    "/projects/{project_id}/effective-tag-bindings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Project Effective Tag Bindings
         * @description List all effective (inherited and direct) tag bindings for a project.
         */
        get: operations["listProjectEffectiveTagBindings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Workspaces
         * @description List all workspaces in an organization.
         */
        get: operations["listWorkspaces"];
        put?: never;
        /**
         * Create a Workspace
         * @description Create a new workspace in an organization.
         */
        post: operations["createWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/workspaces/{workspace_name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a Workspace by Name
         * @description Get details of a workspace by organization name and workspace name.
         */
        get: operations["getWorkspaceByName"];
        put?: never;
        post?: never;
        /**
         * Delete a Workspace by Name
         * @description Delete a workspace by organization name and workspace name. This permanently removes the workspace and all its associated data.
         */
        delete: operations["deleteWorkspaceByName"];
        options?: never;
        head?: never;
        /**
         * Update a Workspace by Name
         * @description Update settings of an existing workspace by organization name and workspace name.
         */
        patch: operations["updateWorkspaceByName"];
        trace?: never;
    };
    "/organizations/{organization_name}/workspaces/{workspace_name}/actions/safe-delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Safe Delete a Workspace by Name
         * @description Delete a workspace by organization name and workspace name only if it has no resources under management. Returns a conflict error if the workspace has managed resources or is locked.
         */
        post: operations["safeDeleteWorkspaceByName"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/notification-configurations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Notification Configurations for a Project
         * @description List all notification configurations for a given project.
         */
        get: operations["listProjectNotificationConfigurations"];
        put?: never;
        /**
         * Create a Notification Configuration for a Project
         * @description Create a new notification configuration for a given project.
         */
        post: operations["createProjectNotificationConfiguration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/notification-configurations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Notification Configurations for a Workspace
         * @description List all notification configurations for a workspace.
         */
        get: operations["listWorkspaceNotificationConfigurations"];
        put?: never;
        /**
         * Create a Notification Configuration for a Workspace
         * @description Create a new notification configuration for a workspace.
         */
        post: operations["createWorkspaceNotificationConfiguration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{team_id}/notification-configurations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Notification Configurations for a Team
         * @description List all notification configurations for a team.
         */
        get: operations["listTeamNotificationConfigurations"];
        put?: never;
        /**
         * Create a Notification Configuration for a Team
         * @description Create a new notification configuration for a team.
         */
        post: operations["createTeamNotificationConfiguration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notification-configurations/{notification_configuration_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Notification Configuration
         * @description Get details about a notification configuration.
         */
        get: operations["getNotificationConfiguration"];
        put?: never;
        post?: never;
        /**
         * Delete a Notification Configuration
         * @description Delete a notification configuration.
         */
        delete: operations["deleteNotificationConfiguration"];
        options?: never;
        head?: never;
        /**
         * Update a Notification Configuration
         * @description Update an existing notification configuration.
         */
        patch: operations["updateNotificationConfiguration"];
        trace?: never;
    };
    "/notification-configurations/{notification_configuration_id}/actions/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enable a Notification Configuration
         * @description Enable a notification configuration by triggering a verification request.
         */
        post: operations["enableNotificationConfiguration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notification-configurations/{notification_configuration_id}/actions/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify a Notification Configuration
         * @description Send a verification request to the configured destination URL.
         */
        post: operations["verifyNotificationConfiguration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/email-recipient-statuses/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Verify Email Recipient
         * @description Render the email verification page using a signed token. This endpoint is public and does not require authentication.
         */
        get: operations["verifyEmailRecipientStatus"];
        put?: never;
        /**
         * Perform Email Recipient Verification
         * @description Verify an email recipient status using a signed token. This endpoint is public and does not require authentication.
         */
        post: operations["performEmailRecipientVerification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/email-recipient-statuses/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Unsubscribe Email Recipient
         * @description Unsubscribe an email recipient from notifications using a signed token. This endpoint is public and does not require authentication.
         */
        get: operations["unsubscribeEmailRecipient"];
        put?: never;
        /**
         * Save Email Unsubscribe Preferences
         * @description Save email unsubscribe preferences using a signed token. This endpoint is public and does not require authentication.
         */
        post: operations["saveUnsubscribePreferences"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/all-vars": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List All Variables Accessible to a Workspace
         * @description This API returns the list of all variables that are accessible to a workspace. This includes variables defined directly on the workspace as well as variables inherited from any variable sets attached to the workspace.
         */
        get: operations["listAllVars"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/vars": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Variables
         * @description List variables for a workspace.
         */
        get: operations["listWorkspaceVars"];
        put?: never;
        /**
         * Create a Variable
         * @description Create a variable for a workspace.
         */
        post: operations["createWorkspaceVar"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/vars/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Variable
         * @description Show details of a variable in a workspace.
         */
        get: operations["showWorkspaceVar"];
        put?: never;
        post?: never;
        /**
         * Delete a Variable
         * @description Delete a variable from a workspace.
         */
        delete: operations["deleteWorkspaceVar"];
        options?: never;
        head?: never;
        /**
         * Update a Variable
         * @description Update attributes of an existing variable in a workspace.
         */
        patch: operations["updateWorkspaceVar"];
        trace?: never;
    };
    "/provider-sets/{provider_set_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Provider Set
         * @description Fetch details about the specified provider set.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        get: operations["showProviderSet"];
        put?: never;
        post?: never;
        /**
         * Delete a Provider Set
         * @description Delete an existing provider set.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        delete: operations["deleteProviderSet"];
        options?: never;
        head?: never;
        /**
         * Update a Provider Set
         * @description Update attributes of an existing provider set.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        patch: operations["updateProviderSet"];
        trace?: never;
    };
    "/provider-sets/{provider_set_id}/relationships/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add Projects to a Provider Set
         * @description Add projects to a provider set. Relationships are additive; existing project assignments are preserved.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        post: operations["addProviderSetProjects"];
        /**
         * Remove Projects from a Provider Set
         * @description Remove projects from a provider set. Projects not currently assigned to the set are ignored.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        delete: operations["removeProviderSetProjects"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/provider-sets/{provider_set_id}/relationships/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add Workspaces to a Provider Set
         * @description Add workspaces to a provider set. Relationships are additive; existing workspace assignments are preserved.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        post: operations["addProviderSetWorkspaces"];
        /**
         * Remove Workspaces from a Provider Set
         * @description Remove workspaces from a provider set. Workspaces not currently assigned to the set are ignored.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        delete: operations["removeProviderSetWorkspaces"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/provider-sets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Provider Sets
         * @description Fetch details about all the provider sets in an organization.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        get: operations["getProviderSets"];
        put?: never;
        /**
         * Create a Provider Set
         * @description Create a provider set belonging to an organization.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        post: operations["createProviderSet"];
        /**
         * Batch Delete Provider Sets
         * @description Delete multiple provider sets in a single request.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        delete: operations["batchDeleteProviderSets"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/provider-sets/{provider_set_name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Provider Set by name
         * @description Fetch details about the specified provider set.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        get: operations["showProviderSetByName"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/provider-sets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Provider Sets
         * @description Fetch details about all the provider sets assigned to a project.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        get: operations["getProjectProviderSets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/provider-sets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Provider Sets
         * @description Fetch details about all the provider sets assigned to a workspace.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        get: operations["getWorkspaceProviderSets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/varsets/{varset_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Variable Set
         * @description Fetch details about the specified variable set.
         */
        get: operations["showVarset"];
        put?: never;
        /**
         * Update a Variable Set (POST)
         * @description Update attributes of an existing variable set using POST.
         */
        post: operations["updateVarsetPost"];
        /**
         * Delete a Variable Set
         * @description Delete an existing variable set.
         */
        delete: operations["deleteVarset"];
        options?: never;
        head?: never;
        /**
         * Update a Variable Set
         * @description Update attributes of an existing variable set.
         */
        patch: operations["updateVarset"];
        trace?: never;
    };
    "/organizations/{organization_name}/varsets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Variable Sets for an Organization
         * @description List all variable sets for an organization.
         */
        get: operations["listOrganizationVarsets"];
        put?: never;
        /**
         * Create a Variable Set
         * @description Create a new variable set in an organization.
         */
        post: operations["createVarset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/varsets/{varset_id}/relationships/vars": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Variables in a Variable Set
         * @description List all variables in a variable set.
         */
        get: operations["listVarsetVars"];
        put?: never;
        /**
         * Add a Variable to a Variable Set
         * @description Add a new variable to an existing variable set.
         */
        post: operations["addVarsetVar"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/varsets/{varset_id}/relationships/vars/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Variable in a Variable Set
         * @description Show details of a variable in a variable set.
         */
        get: operations["showVarsetVar"];
        put?: never;
        post?: never;
        /**
         * Delete a Variable from a Variable Set
         * @description Delete a variable from a variable set.
         */
        delete: operations["deleteVarsetVar"];
        options?: never;
        head?: never;
        /**
         * Update a Variable in a Variable Set
         * @description Update attributes of an existing variable in a variable set.
         */
        patch: operations["updateVarsetVar"];
        trace?: never;
    };
    "/workspaces/{workspace_id}/varsets/{varset_id}/relationships/vars/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Variable in a Variable Set (Workspace Context)
         * @description Show details of a variable in a variable set, with overwrite context from the specified workspace.
         */
        get: operations["showWorkspaceVarsetVar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/varsets/{varset_id}/relationships/vars": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Variables in a Variable Set (Workspace Context)
         * @description List all variables in a variable set, with overwrite context from the specified workspace.
         */
        get: operations["listWorkspaceVarsetVars"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/varsets/{varset_id}/relationships/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply Variable Set to Projects
         * @description Apply a variable set to one or more projects. When you apply a variable set to a project, all the workspaces in that project will have the variable set applied to them.
         */
        post: operations["applyVarsetToProjects"];
        /**
         * Remove Variable Set from Projects
         * @description Remove a variable set from one or more projects.
         */
        delete: operations["removeVarsetFromProjects"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/varsets/{varset_id}/relationships/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply Variable Set to Workspaces
         * @description Apply a variable set to one or more workspaces.
         */
        post: operations["applyVarsetToWorkspaces"];
        /**
         * Remove Variable Set from Workspaces
         * @description Remove a variable set from one or more workspaces.
         */
        delete: operations["removeVarsetFromWorkspaces"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/varsets/{varset_id}/relationships/stacks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply Variable Set to Stacks
         * @description Apply a variable set to one or more Stacks. Only available in HCP Terraform.
         */
        post: operations["applyVarsetToStacks"];
        /**
         * Remove Variable Set from Stacks
         * @description Remove a variable set from one or more Stacks.
         */
        delete: operations["removeVarsetFromStacks"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects/{project_id}/varsets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Variable Sets for a Project
         * @description List all variable sets for a project. This includes global variable sets from the project's organization.
         */
        get: operations["listProjectVarsets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/varsets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Variable Sets for a Workspace
         * @description List all variable sets for a workspace. This includes global variable sets from the workspace's organization and variable sets attached to the project this workspace is contained within.
         */
        get: operations["listWorkspaceVarsets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Workspace Resources
         * @description List all resources in a workspace's current state.
         */
        get: operations["listWorkspaceResources"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a Workspace
         * @description Get details of a specific workspace by its external ID.
         */
        get: operations["getWorkspace"];
        put?: never;
        post?: never;
        /**
         * Delete a Workspace
         * @description Delete a workspace. This permanently removes the workspace and all its associated data including runs, state versions, and configuration versions.
         */
        delete: operations["deleteWorkspace"];
        options?: never;
        head?: never;
        /**
         * Update a Workspace
         * @description Update settings of an existing workspace.
         */
        patch: operations["updateWorkspace"];
        trace?: never;
    };
    "/workspaces/{workspace_id}/actions/lock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Lock a Workspace
         * @description Lock a workspace. A workspace can only be locked by one entity at a time. Returns a conflict error if the workspace is already locked.
         */
        post: operations["lockWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/actions/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Unlock a Workspace
         * @description Unlock a workspace. Users can unlock a workspace if they locked it. Unlocking a workspace locked by another user requires force-unlock. Returns a conflict error if the workspace is not locked by the requesting user.
         */
        post: operations["unlockWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/actions/force-unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Force Unlock a Workspace
         * @description Forcibly unlock a workspace regardless of who locked it. This action requires elevated permissions and should be used with caution.
         */
        post: operations["forceUnlockWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/actions/safe-delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Safe Delete a Workspace
         * @description Delete a workspace only if it has no resources under management. Returns a conflict error if the workspace has managed resources or is locked.
         */
        post: operations["safeDeleteWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/actions/assess": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trigger a Workspace Assessment
         * @description Trigger a drift detection assessment for a workspace. The workspace must have assessments enabled and not have a pending assessment already running.
         */
        post: operations["assessWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/relationships/remote-state-consumers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Remote State Consumers
         * @description List the workspaces that are allowed to access this workspace's state. When global-remote-state is enabled on the workspace, this lists all workspaces in the organization; otherwise, it lists only the explicitly allowed consumers.
         */
        get: operations["listWorkspaceRemoteStateConsumers"];
        put?: never;
        /**
         * Add Remote State Consumers
         * @description Add workspaces to the list of allowed remote state consumers.
         */
        post: operations["addWorkspaceRemoteStateConsumers"];
        /**
         * Remove Remote State Consumers
         * @description Remove workspaces from the list of allowed remote state consumers.
         */
        delete: operations["removeWorkspaceRemoteStateConsumers"];
        options?: never;
        head?: never;
        /**
         * Replace Remote State Consumers
         * @description Replace the entire list of allowed remote state consumers with the provided list.
         */
        patch: operations["replaceWorkspaceRemoteStateConsumers"];
        trace?: never;
    };
    "/workspaces/{workspace_id}/relationships/ssh-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Assign an SSH Key to a Workspace
         * @description Assign an SSH key to a workspace for use when cloning VCS repositories. Pass null for the id to unassign the current SSH key.
         */
        patch: operations["assignWorkspaceSshKey"];
        trace?: never;
    };
    "/workspaces/{workspace_id}/relationships/vars": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update Workspace Variables
         * @description Batch update workspace variables. Provide an array of variable objects to update. Variables are matched by their external ID.
         */
        patch: operations["updateWorkspaceVars"];
        trace?: never;
    };
    "/workspaces/{workspace_id}/relationships/tag-bindings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Workspace Tags
         * @description List all tags associated with a workspace.
         */
        get: operations["listWorkspaceTagBindings"];
        put?: never;
        /**
         * Add Tag Bindings to a Workspace
         * @description Add one or more tag bindings to a workspace.
         */
        post: operations["addWorkspaceTagBindings"];
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Replace Tag Bindings in a Workspace
         * @description Replace all tag bindings in a workspace.
         */
        patch: operations["replaceWorkspaceTagBindings"];
        trace?: never;
    };
    "/workspaces/{workspace_id}/effective-tag-bindings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Workspace Effective Tag Bindings
         * @description List all effective (inherited and direct) tag bindings for a workspace.
         */
        get: operations["listWorkspaceEffectiveTagBindings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/relationships/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Workspace Tags
         * @description List all tags associated with a workspace.
         */
        get: operations["listWorkspaceTags"];
        put?: never;
        /**
         * Add Tags to a Workspace
         * @description Add one or more tags to a workspace.
         */
        post: operations["addWorkspaceTags"];
        /**
         * Remove Tags from a Workspace
         * @description Remove one or more tags from a workspace.
         */
        delete: operations["removeWorkspaceTags"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/relationships/data-retention-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Workspace Data Retention Policy
         * @description Show the data retention policy explicitly set on the workspace.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        get: operations["getWorkspaceDataRetentionPolicy"];
        put?: never;
        post?: never;
        /**
         * Delete Workspace Data Retention Policy
         * @description Remove the data retention policy explicitly set on the workspace.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        delete: operations["deleteWorkspaceDataRetentionPolicy"];
        options?: never;
        head?: never;
        /**
         * Set Workspace Data Retention Policy
         * @description Create or update the data retention policy explicitly set on the workspace.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        patch: operations["setWorkspaceDataRetentionPolicy"];
        trace?: never;
    };
    "/workspaces/{workspace_id}/current-state-version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Current State Version
         * @description Get the current state version for a workspace.
         */
        get: operations["getCurrentStateVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/current-assessment-result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Current Assessment Result
         * @description Get the most recent drift detection assessment result for a workspace.
         */
        get: operations["getCurrentAssessmentResult"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/applicable-varsets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Applicable Variable Sets
         * @description List the variable sets that can be applied to a workspace. This returns variable sets from the workspace's organization that are not already applied to the workspace, filtered by project scope.
         */
        get: operations["listApplicableVarsets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Runs
         * @description List all runs in a workspace.
         */
        get: operations["listRuns"];
        put?: never;
        /**
         * Create a Run
         * @description Create a new run.
         */
        post: operations["createRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Run details
         * @description Get details about a run.
         */
        get: operations["getRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{run_id}/configuration-version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Run Configuration Version
         * @description Get details of a specific configuration version.
         */
        get: operations["getRunConfigurationVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{run_id}/configuration-version/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download Run Configuration Version
         * @description Generate a temporary URL to download the configuration version files.
         */
        get: operations["downloadRunConfigurationVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{run_id}/comments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Comments for a Run
         * @description List all comments for a run.
         */
        get: operations["listRunComments"];
        put?: never;
        /**
         * Create a Comment
         * @description Create a new comment on a run.
         */
        post: operations["createRunComment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/comments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Comment
         * @description Get details about a comment.
         */
        get: operations["showComment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{run_id}/actions/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply a Run
         * @description Apply a run that is paused waiting for confirmation.
         */
        post: operations["applyRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Runs in a Workspace
         * @description List all runs in a workspace.
         */
        get: operations["listWorkspaceRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/run-triggers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Run Triggers
         * @description List all run triggers for a workspace.
         */
        get: operations["listRunTriggers"];
        put?: never;
        /**
         * Create a Run Trigger
         * @description Create a new run trigger for a workspace.
         */
        post: operations["createRunTrigger"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/run-triggers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Run Trigger
         * @description Get details about a run trigger.
         */
        get: operations["showRunTrigger"];
        put?: never;
        post?: never;
        /**
         * Delete a Run Trigger
         * @description Delete a run trigger.
         */
        delete: operations["deleteRunTrigger"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Runs in an Organization
         * @description List all runs in an organization.
         */
        get: operations["listOrganizationRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plans/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a plan
         * @description This endpoint returns a specific plan by its ID.
         */
        get: operations["showPlan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plans/{id}/json-output": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the JSON execution plan
         * @description This endpoint generates a temporary authenticated URL to the location of the JSON formatted execution plan.
         *     When successful, this endpoint responds with a temporary redirect that should be followed.
         *
         *     This endpoint is available for plans using Terraform 0.12 and later.
         *     The temporary URL has a life of 1 minute and should not be relied upon beyond the initial request.
         */
        get: operations["getPlanJSONOutput"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plans/{id}/json-output-redacted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the redacted JSON execution plan
         * @description This endpoint generates a temporary authenticated URL to the location of the redacted JSON formatted execution plan, or returns the parsed redacted plan inline when the pre-generated file is not yet available.
         *
         *     This endpoint is available for plans using Terraform 0.15.2 and later. The temporary URL has a life of 1 minute and should not be relied upon beyond the initial request.
         */
        get: operations["getPlanJSONOutputRedacted"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plans/{id}/json-schema": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the JSON provider schema for a plan
         * @description This endpoint generates a temporary authenticated URL to the location of the JSON formatted provider schemas associated with a plan.
         *     When successful, this endpoint responds with a temporary redirect that should be followed.
         *
         *     This endpoint is available for plans using Terraform 0.12 and later. The temporary URL has a life of 1 minute and should not be relied upon beyond the initial request.
         */
        get: operations["getPlanJSONSchema"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plans/{id}/actions/soft-delete-backing-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Soft Delete Plan Backing Data
         * @description Mark the backing files associated with this plan for garbage collection. Terraform permanently deletes backing files after a set number of days unless the plan is restored.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["softDeletePlanBackingData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plans/{id}/actions/restore-backing-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore Plan Backing Data
         * @description Restore backing files associated with a plan that was previously marked for garbage collection. This restores the plan back to its finalized state.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["restorePlanBackingData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plans/{id}/actions/permanently-delete-backing-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Permanently Delete Plan Backing Data
         * @description Permanently delete the backing files associated with a plan that has been soft deleted. This action cannot be undone.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["permanentlyDeletePlanBackingData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{id}/plan/json-schema": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the JSON provider schema corresponding to a plan
         * @description This endpoint generates a temporary authenticated URL to the location of the JSON formatted provider schema.
         *     When successful, this endpoint responds with a temporary redirect that should be followed.
         *
         *     This endpoint is available for plans using Terraform 0.12 and later.
         *     The temporary URL has a life of 1 minute and should not be relied upon beyond the initial request.
         */
        get: operations["getPlanJSONSchemaOutput"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{id}/plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a plan by Run ID
         * @description This endpoint returns a specific plan by its run ID.
         */
        get: operations["getRunPlan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{id}/plan/json-output": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the JSON execution plan by Run ID
         * @description This endpoint generates a temporary authenticated URL to the location of the JSON formatted execution plan.
         *     When successful, this endpoint responds with a temporary redirect that should be followed.
         *
         *     This endpoint is available for plans using Terraform 0.12 and later.
         *     The temporary URL has a life of 1 minute and should not be relied upon beyond the initial request.
         */
        get: operations["getRunPlanJsonOutput"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policies/{policy_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Policy
         * @description Get details about a policy.
         */
        get: operations["showPolicy"];
        put?: never;
        post?: never;
        /**
         * Delete a Policy
         * @description Delete a policy from an organization.
         */
        delete: operations["deletePolicy"];
        options?: never;
        head?: never;
        /**
         * Update a Policy
         * @description Update the enforcement level or description of an existing policy. To update the policy code itself, use the upload endpoint.
         */
        patch: operations["updatePolicy"];
        trace?: never;
    };
    "/organizations/{organization_name}/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Policies
         * @description List all policies for an organization.
         */
        get: operations["listPolicies"];
        put?: never;
        /**
         * Create a Policy
         * @description Create a new policy object for the organization. After creation, upload the policy code using the upload endpoint.
         */
        post: operations["createPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policies/{policy_id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a Policy
         * @description Generate a temporary URL to the current version of the policy code and redirect to that location. Returns 404 if no policy code has been uploaded.
         */
        get: operations["downloadPolicy"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policies/{policy_id}/upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Upload a Policy
         * @description Upload code to an existing Sentinel or OPA policy. The request body must be the policy code with a Content-Type of application/octet-stream. Policy uploads are limited to 10MB.
         */
        put: operations["uploadPolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-checks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Policy Check
         * @description Get information about a specific policy check.
         */
        get: operations["getPolicyCheck"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-checks/{id}/output": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Policy Check Output
         * @description Retrieve the Sentinel output log for a policy check. When output is available, the response redirects to a temporary presigned URL. When no result exists yet, the response is 204 No Content.
         */
        get: operations["getPolicyCheckOutput"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-checks/{id}/actions/override": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Override a Policy Check
         * @description Override a soft-mandatory or warning policy check to allow the run to continue.
         */
        post: operations["overridePolicyCheck"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{run_id}/policy-checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Policy Checks for a Run
         * @description List the policy checks associated with a run.
         */
        get: operations["listRunPolicyChecks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{run_id}/tf-policy-evaluations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Terraform Policy Evaluations for a Run
         * @description List the Terraform Policy evaluations associated with a run.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        get: operations["listRunTfPolicyEvaluations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tf-policy-evaluations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Terraform Policy Evaluation
         * @description Get details about a specific Terraform Policy evaluation.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        get: operations["getTfPolicyEvaluation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tf-policy-evaluations/{id}/actions/override": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Override a Terraform Policy Evaluation
         * @description Override a mandatory-overridable Terraform Policy evaluation to allow the run to continue.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        post: operations["overrideTfPolicyEvaluation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tf-policy-evaluations/{tf_policy_evaluation_id}/tf-policy-set-outcomes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Terraform Policy Set Outcomes for a Terraform Policy Evaluation
         * @description List the Terraform Policy set outcomes associated with a Terraform Policy evaluation. Supports filtering via the `filter` parameter.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        get: operations["listTfPolicyEvaluationTfPolicySetOutcomes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tf-policy-set-outcomes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Terraform Policy Set Outcome
         * @description Get details about a specific Terraform Policy set outcome.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        get: operations["getTfPolicySetOutcome"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-sets/{policy_set_id}/parameters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Policy Set Parameters
         * @description List parameters belonging to a policy set.
         */
        get: operations["listPolicySetParams"];
        put?: never;
        /**
         * Create a Policy Set Parameter
         * @description Create a new parameter for a policy set.
         */
        post: operations["createPolicySetParam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-sets/{policy_set_id}/parameters/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a Policy Set Parameter
         * @description Get details about a policy set parameter.
         */
        get: operations["getPolicySetParam"];
        put?: never;
        post?: never;
        /**
         * Delete a Policy Set Parameter
         * @description Delete a policy set parameter.
         */
        delete: operations["deletePolicySetParam"];
        options?: never;
        head?: never;
        /**
         * Update a Policy Set Parameter
         * @description Update an existing policy set parameter.
         */
        patch: operations["updatePolicySetParam"];
        trace?: never;
    };
    "/policy-sets/{policy_set_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a Policy Set
         * @description Get details about a specific policy set.
         */
        get: operations["getPolicySet"];
        put?: never;
        post?: never;
        /**
         * Delete a Policy Set
         * @description Delete a policy set. Deleting a policy set does not delete the policies it contains.
         */
        delete: operations["deletePolicySet"];
        options?: never;
        head?: never;
        /**
         * Update a Policy Set
         * @description Update an existing policy set.
         */
        patch: operations["updatePolicySet"];
        trace?: never;
    };
    "/organizations/{organization_name}/policy-sets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Policy Sets
         * @description List all policy sets in an organization.
         */
        get: operations["listPolicySets"];
        put?: never;
        /**
         * Create a Policy Set
         * @description Create a new policy set in an organization.
         */
        post: operations["createPolicySet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-sets/{policy_set_id}/relationships/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add Workspaces to a Policy Set
         * @description Add workspaces to a policy set. Relationships are additive; existing workspace memberships are preserved.
         */
        post: operations["addPolicySetWorkspaces"];
        /**
         * Remove Workspaces from a Policy Set
         * @description Remove workspaces from a policy set. Workspaces not currently in the set are ignored.
         */
        delete: operations["removePolicySetWorkspaces"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-sets/{policy_set_id}/relationships/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add Policies to a Policy Set
         * @description Add policies to a policy set. Relationships are additive; existing policy memberships are preserved.
         */
        post: operations["addPolicySetPolicies"];
        /**
         * Remove Policies from a Policy Set
         * @description Remove policies from a policy set. Policies not currently in the set are ignored.
         */
        delete: operations["removePolicySetPolicies"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-sets/{policy_set_id}/relationships/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add Projects to a Policy Set
         * @description Add projects to a policy set. Relationships are additive; existing project memberships are preserved.
         */
        post: operations["addPolicySetProjects"];
        /**
         * Remove Projects from a Policy Set
         * @description Remove projects from a policy set. Projects not currently in the set are ignored.
         */
        delete: operations["removePolicySetProjects"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-sets/{policy_set_id}/relationships/workspace-exclusions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add Workspace Exclusions to a Policy Set
         * @description Add workspace exclusions to a policy set. Excluded workspaces will not have the policy set applied to them even if the set is global.
         */
        post: operations["addPolicySetWorkspaceExclusions"];
        /**
         * Remove Workspace Exclusions from a Policy Set
         * @description Remove workspace exclusions from a policy set. Workspace exclusions not currently in the set are ignored.
         */
        delete: operations["removePolicySetWorkspaceExclusions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-sets/{policy_set_id}/relationships/project-exclusions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add Project Exclusions to a Policy Set
         * @description Add project exclusions to a policy set. Excluded projects will not have the policy set applied to them even if the set is global.
         */
        post: operations["addPolicySetProjectExclusions"];
        /**
         * Remove Project Exclusions from a Policy Set
         * @description Remove project exclusions from a policy set. project exclusions not currently in the set are ignored.
         */
        delete: operations["removePolicySetProjectExclusions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-sets/{policy_set_id}/tag-selectors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add Tag Selectors to a Policy Set
         * @description Add tag selectors to a policy set. Tag selectors define tag-based scoping rules for the policy set.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        post: operations["addPolicySetTagSelectors"];
        /**
         * Remove Tag Selectors from a Policy Set
         * @description Remove tag selectors from a policy set by their tag key and value.
         *
         *     This operation is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
         */
        delete: operations["removePolicySetTagSelectors"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-sets/{policy_set_id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Policy Set Versions
         * @description List all versions of a policy set.
         */
        get: operations["listPolicySetVersions"];
        put?: never;
        /**
         * Create a Policy Set Version
         * @description Create a new version for a policy set. The version will be in a pending state until policies are uploaded to it.
         */
        post: operations["createPolicySetVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-set-versions/{policy_set_version_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a Policy Set Version
         * @description Get details about a specific policy set version.
         */
        get: operations["getPolicySetVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-evaluations/{policy_evaluation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Policy Evaluation
         * @description Get details about a specific policy evaluation.
         */
        get: operations["getPolicyEvaluation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-evaluations/{policy_evaluation_id}/policy-set-outcomes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Policy Set Outcomes
         * @description List the policy set outcomes associated with a policy evaluation.
         */
        get: operations["listPolicySetOutcomes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/policy-set-outcomes/{policy_set_outcome_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Policy Set Outcome
         * @description Get details about a specific policy set outcome.
         */
        get: operations["getPolicySetOutcome"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/task-stages/{task_stage_id}/policy-evaluations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Policy Evaluations for a Task Stage
         * @description List the policy evaluations associated with a task stage.
         */
        get: operations["listTaskStagePolicyEvaluations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plan-exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a Plan Export
         * @description Export data from a plan in the specified format. The export process is asynchronous, and the resulting data becomes downloadable when its status is "finished".
         */
        post: operations["createPlanExport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plan-exports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Plan Export
         * @description Get details about a specific plan export.
         */
        get: operations["showPlanExport"];
        put?: never;
        post?: never;
        /**
         * Delete a Plan Export
         * @description Delete the exported plan data. Plan exports expire after one hour, but can be deleted manually.
         */
        delete: operations["deletePlanExport"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plan-exports/{id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download exported plan data
         * @description Generate a temporary URL to the location of the exported plan data in a .tar.gz archive, then redirect to that link.
         */
        get: operations["downloadPlanExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/assessment-results/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show an assessment result */
        get: operations["getAssessmentResult"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/assessment-results/{id}/json-output": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the JSON assessment output
         * @description This endpoint returns the JSON formatted assessment output.
         *     This is only available when the assessment has succeeded and has JSON output data.
         */
        get: operations["getAssessmentResultJSONOutput"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/assessment-results/{id}/json-schema": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the JSON schema
         * @description This endpoint returns the JSON schema for the assessment result.
         *     This is only available when the assessment has succeeded and has provider schemas.
         */
        get: operations["getAssessmentResultJSONSchema"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/assessment-results/{id}/sanitized-plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the sanitized plan
         * @description This endpoint returns the sanitized plan for the assessment result.
         *     This is only available when HYOK is enabled for the organization,
         *     the assessment has succeeded, and a sanitized plan is available.
         */
        get: operations["getAssessmentResultSanitizedPlan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/assessment-results/{id}/log-output": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the log output
         * @description This endpoint returns the log output for the assessment result.
         *     Supports both JSON and plain text formats based on the Accept header.
         *     Query parameters allow for pagination of log output.
         */
        get: operations["getAssessmentResultLogOutput"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show an apply */
        get: operations["getApply"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applies/{id}/errored-state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recover a failed state upload after applying */
        get: operations["getApplyErroredState"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applies/{id}/actions/soft-delete-backing-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Soft Delete Apply Backing Data
         * @description Mark the backing files associated with this apply for garbage collection. Terraform permanently deletes backing files after a set number of days unless the apply is restored.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["softDeleteApplyBackingData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applies/{id}/actions/restore-backing-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore Apply Backing Data
         * @description Restore backing files associated with an apply that was previously marked for garbage collection. This restores the apply back to its finalized state.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["restoreApplyBackingData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/applies/{id}/actions/permanently-delete-backing-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Permanently Delete Apply Backing Data
         * @description Permanently delete the backing files associated with an apply that has been soft deleted. This action cannot be undone.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["permanentlyDeleteApplyBackingData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/assessments/{id}/actions/soft-delete-backing-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Soft Delete Assessment Backing Data
         * @description Mark the backing files associated with this assessment for garbage collection. Terraform permanently deletes backing files after a set number of days unless the assessment is restored.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["softDeleteAssessmentBackingData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/assessments/{id}/actions/restore-backing-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore Assessment Backing Data
         * @description Restore backing files associated with an assessment that was previously marked for garbage collection. This restores the assessment back to its finalized state.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["restoreAssessmentBackingData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/assessments/{id}/actions/permanently-delete-backing-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Permanently Delete Assessment Backing Data
         * @description Permanently delete the backing files associated with an assessment that has been soft deleted. This action cannot be undone.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["permanentlyDeleteAssessmentBackingData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cost-estimates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a cost estimate */
        get: operations["showCostEstimate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/state-versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List State Versions for a Workspace
         * @description List state versions for a workspace, filtered by organization and workspace name.
         */
        get: operations["listStateVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/state-versions/{state_version_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a State Version
         * @description Show details for a specific state version.
         */
        get: operations["getStateVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/state-versions/{state_version_id}/outputs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List State Version Outputs
         * @description List the output values associated with a specific state version.
         */
        get: operations["listStateVersionOutputs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/state-versions/{state_version_id}/actions/soft_delete_backing_data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Soft Delete State Version Backing Data
         * @description Mark the backing files associated with this state version for garbage collection. Terraform permanently deletes backing files after a set number of days unless the state version is restored.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["softDeleteStateVersionBackingData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/state-versions/{state_version_id}/actions/restore_backing_data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore State Version Backing Data
         * @description Restore backing files associated with a state version that was previously marked for garbage collection. This restores the state version back to its finalized state.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["restoreStateVersionBackingData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/state-versions/{state_version_id}/actions/permanently_delete_backing_data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Permanently Delete State Version Backing Data
         * @description Permanently delete the backing files associated with a state version that has been soft deleted. This action cannot be undone.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["permanentlyDeleteStateVersionBackingData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/state-versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a State Version
         * @description Create a state version and set it as the current state version for the given workspace. The workspace must be locked by the user creating the state version.
         */
        post: operations["createStateVersion"];
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Rollback to a Previous State Version
         * @description Create a state version by duplicating the specified state version and set it as the current state version for the given workspace. The workspace must be locked by the user performing the rollback.
         */
        patch: operations["rollbackStateVersion"];
        trace?: never;
    };
    "/state-version-outputs/{state_version_output_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a State Version Output
         * @description Show details for a specific state version output.
         */
        get: operations["getStateVersionOutput"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/current-state-version-outputs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show Current State Version Outputs for a Workspace
         * @description List the current state version outputs for a workspace. Sensitive output values are not revealed and will be returned as null. Organization users who do not have permission to read state versions may use this endpoint to fetch the latest output values for a workspace.
         */
        get: operations["getCurrentStateVersionOutputs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/hyok-configurations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List HYOK Configurations
         * @description List all HYOK configurations in an organization
         *
         *     This operation is only available in HCP Terraform.
         */
        get: operations["listHyokConfigurations"];
        put?: never;
        /**
         * Create HYOK Configuration
         * @description Create a new HYOK configuration
         *
         *     This operation is only available in HCP Terraform.
         */
        post: operations["createHyokConfiguration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/hyok-configurations/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test new HYOK configuration
         * @description Test an HYOK configuration that has yet to be saved on HCP Terraform. The test ensures that the configuration is set up correctly to connect to the specified KMS.
         *
         *     This operation is only available in HCP Terraform.
         */
        post: operations["testUnpersistedHyokConfiguration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/oidc-configurations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create OIDC Configuration
         * @description Create a new OIDC configuration
         *
         *     This operation is only available in HCP Terraform.
         */
        post: operations["createOidcConfiguration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/hyok-configurations/{hyok_configuration_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get HYOK configuration details
         * @description Get details about an HYOK configuration
         *
         *     This operation is only available in HCP Terraform.
         */
        get: operations["getHyokConfiguration"];
        put?: never;
        post?: never;
        /**
         * Delete HYOK Configuration
         * @description Delete an HYOK configuration. Can only be performed on unused configurations.
         *
         *     This operation is only available in HCP Terraform.
         */
        delete: operations["deleteHyokConfiguration"];
        options?: never;
        head?: never;
        /**
         * Update HYOK Configuration
         * @description Update an HYOK configuration
         *
         *     This operation is only available in HCP Terraform.
         */
        patch: operations["updateHyokConfiguration"];
        trace?: never;
    };
    "/hyok-configurations/{hyok_configuration_id}/hyok-customer-key-versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List HYOK Customer Key Versions
         * @description List all HYOK Customer Key Versions for an HYOK Configuration
         *
         *     This operation is only available in HCP Terraform.
         */
        get: operations["listHyokCustomerKeyVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/hyok-configurations/{hyok_configuration_id}/actions/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke HYOK configuration
         * @description Revoke an HYOK configuration, instructing HCP Terraform to migrate off of the described key.
         *
         *     This operation is only available in HCP Terraform.
         */
        post: operations["revokeHyokConfiguration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/hyok-configurations/{hyok_configuration_id}/actions/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test HYOK configuration
         * @description Test an HYOK configuration to ensure that it is set up correctly to connect to the specified KMS.
         *
         *     This operation is only available in HCP Terraform.
         */
        post: operations["testHyokConfiguration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/hyok-customer-key-versions/{hyok_customer_key_version_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get HYOK Customer Key Version details
         * @description Get details about a HYOK Customer Key Version
         *
         *     This operation is only available in HCP Terraform.
         */
        get: operations["getHyokCustomerKeyVersion"];
        put?: never;
        post?: never;
        /**
         * Delete HYOK Customer Key Version
         * @description Delete a HYOK Customer Key Version. Can only be performed on unused key versions.
         *
         *     This operation is only available in HCP Terraform.
         */
        delete: operations["deleteHyokCustomerKeyVersion"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/hyok-customer-key-versions/{hyok_customer_key_version_id}/actions/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke HYOK Customer Key Version
         * @description Revoke a HYOK Customer Key Version.
         *
         *     This operation is only available in HCP Terraform.
         */
        post: operations["revokeHyokCustomerKeyVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/hyok-encrypted-data-keys/{hyok_encrypted_data_key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get HYOK Encrypted Data Key details
         * @description Get details about a HYOK Encrypted Data Key
         *
         *     This operation is only available in HCP Terraform.
         */
        get: operations["getHyokEncryptedDataKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oidc-configurations/{oidc_configuration_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get OIDC Configuration details
         * @description Get details about an OIDC configuration
         *
         *     This operation is only available in HCP Terraform.
         */
        get: operations["getOidcConfiguration"];
        put?: never;
        post?: never;
        /**
         * Delete OIDC Configuration
         * @description Delete an OIDC configuration
         *
         *     This operation is only available in HCP Terraform.
         */
        delete: operations["deleteOidcConfiguration"];
        options?: never;
        head?: never;
        /**
         * Update OIDC Configuration
         * @description Update an OIDC configuration
         *
         *     This operation is only available in HCP Terraform.
         */
        patch: operations["updateOidcConfiguration"];
        trace?: never;
    };
    "/authentication-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get authentication token details
         * @description Get details about an authentication token
         */
        get: operations["getAuthenticationToken"];
        put?: never;
        post?: never;
        /**
         * Delete authentication Token
         * @description Delete an authentication token
         */
        delete: operations["deleteAuthenticationToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show User
         * @description Shows details for a given user.
         */
        get: operations["showUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{user_id}/github-app-oauth-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List User GitHub App OAuth Tokens
         * @description List GitHub App OAuth tokens for a given user.
         */
        get: operations["listUserGithubAppOauthTokens"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{user_id}/authentication-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List User Tokens
         * @description List all tokens for a specified user
         */
        get: operations["listUserTokens"];
        put?: never;
        /**
         * Create User Token
         * @description Create a user token
         */
        post: operations["createUserToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/agent-pools/{agent_pool_id}/authentication-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Agent Tokens
         * @description List all tokens for the specified agent pool.
         */
        get: operations["listAgentTokens"];
        put?: never;
        /**
         * Create Agent Token
         * @description Create an agent token
         */
        post: operations["createAgentToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{id}/authentication-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get team authentication token details
         * @description Get details about a team's authentication token
         */
        get: operations["getTeamAuthenticationToken"];
        put?: never;
        /**
         * Create (or regenerate) the legacy team authentication token
         * @description Creates the team's legacy, descriptionless authentication token. If one already exists, it is revoked and replaced.
         */
        post: operations["createTeamAuthenticationToken"];
        /**
         * Delete team authentication token
         * @description Delete a team's authentication token
         */
        delete: operations["deleteTeamAuthenticationToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organization/audit-trail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List organization audit events
         * @description Returns a list of audit events for the organization associated with the authentication token. HCP Terraform retains 14 days of audit log information. Unlike most HCP Terraform APIs, this endpoint does not use the JSON:API specification. This endpoint requires an organization token or an audit trail token; user tokens and team tokens are not accepted.
         *
         *     This operation is only available in HCP Terraform.
         */
        get: operations["showOrganizationAuditTrail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/authentication-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get organization token details
         * @description Get details about an organization token
         */
        get: operations["getOrganizationToken"];
        put?: never;
        /**
         * Create Organization Token
         * @description Create an organization token
         */
        post: operations["createOrganizationToken"];
        /**
         * Delete organization Token
         * @description Delete an organization token
         */
        delete: operations["deleteOrganizationToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/team-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Team Tokens for an Organization
         * @description List all tokens for a specified organization
         */
        get: operations["listTeamTokensForAnOrganization"];
        put?: never;
        post?: never;
        /**
         * Bulk-Delete Team Tokens for an Organization
         * @description Bulk-delete team tokens for an organization.
         */
        delete: operations["deleteTeamTokensForAnOrganization"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Teams
         * @description List teams in an organization. Any member of an organization can view visible teams and any secret teams they are a member of.
         */
        get: operations["listTeams"];
        put?: never;
        /**
         * Create Team
         * @description Create a team in an organization.
         */
        post: operations["createTeam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{team_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show Team Information
         * @description Get details about a team.
         */
        get: operations["getTeam"];
        put?: never;
        post?: never;
        /**
         * Delete Team
         * @description Delete a team. Only organization owners can delete teams.
         */
        delete: operations["deleteTeam"];
        options?: never;
        head?: never;
        /**
         * Update Team
         * @description Update a team's attributes.
         */
        patch: operations["updateTeam"];
        trace?: never;
    };
    "/teams/{team_id}/relationships/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add Users to Team (by username)
         * @description Add multiple users to a team using their usernames. Both users and teams must already exist.
         */
        post: operations["addTeamMembersByUsername"];
        /**
         * Remove Users from Team (by username)
         * @description Remove multiple users from a team using their usernames. This only removes users from this team; it does not delete the users from the organization.
         */
        delete: operations["removeTeamMembersByUsername"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{team_id}/relationships/organization-memberships": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Team Organization Memberships
         * @description List all organization memberships for a team. Returns both active members and invited users.
         */
        get: operations["listTeamOrganizationMemberships"];
        put?: never;
        /**
         * Add Users to Team (by organization membership ID)
         * @description Add multiple users to a team using their organization membership IDs. Unlike the username method, users only need a pending invitation to the organization.
         */
        post: operations["addTeamMembersByOrgMembership"];
        /**
         * Remove Users from Team (by organization membership ID)
         * @description Remove multiple users from a team using their organization membership IDs. This only removes users from this team; it does not delete the users from the organization.
         */
        delete: operations["removeTeamMembersByOrgMembership"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/team-projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Team Access to a Project
         * @description List all team access grants for a project.
         */
        get: operations["listTeamProjects"];
        put?: never;
        /**
         * Add Team Access to a Project
         * @description Add a team's access to a project.
         */
        post: operations["addProjectTeamAccess"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/team-projects/{team_project_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Team Access Relationship
         * @description Get details about a team's access to a project.
         */
        get: operations["showProjectTeamAccess"];
        put?: never;
        post?: never;
        /**
         * Remove Team Access from a Project
         * @description Remove a team's access from a project.
         */
        delete: operations["removeProjectTeamAccess"];
        options?: never;
        head?: never;
        /**
         * Update Team Access to a Project
         * @description Update a team's access level on a project.
         */
        patch: operations["updateProjectTeamAccess"];
        trace?: never;
    };
    "/team-workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Team Access to a Workspace
         * @description List all team access relationships. Optionally filter by workspace or team ID.
         */
        get: operations["listTeamWorkspaces"];
        put?: never;
        /**
         * Add Team Access to a Workspace
         * @description Add a team's access to a workspace.
         */
        post: operations["addTeamAccess"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/team-workspaces/{team_workspace_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Team Access Relationship
         * @description Get details about a team's access to a workspace.
         */
        get: operations["showTeamAccess"];
        put?: never;
        post?: never;
        /**
         * Remove Team Access to a Workspace
         * @description Remove a team's access to a workspace.
         */
        delete: operations["removeTeamAccess"];
        options?: never;
        head?: never;
        /**
         * Update Team Access to a Workspace
         * @description Update a team's access to a workspace.
         */
        patch: operations["updateTeamAccess"];
        trace?: never;
    };
    "/tasks/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Integrations
         * @description List all available integrations that can be used with tasks.
         *     By default, only active integrations are returned.
         */
        get: operations["listTaskIntegrations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/configuration-versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Configuration Versions
         * @description List configuration versions for a workspace.
         */
        get: operations["listConfigurationVersions"];
        put?: never;
        /**
         * Create Configuration Version
         * @description Create a new configuration version in a workspace.
         */
        post: operations["createConfigurationVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/configuration-versions/{configuration_version_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Configuration Version
         * @description Get details of a specific configuration version.
         */
        get: operations["getConfigurationVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/configuration-versions/{configuration_version_id}/ingress-attributes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Ingress Attributes
         * @description Get commit information for a configuration version.
         */
        get: operations["getIngressAttributes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/configuration-versions/{configuration_version_id}/actions/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Archive Configuration Version
         * @description Archive the uploaded files for a configuration version.
         */
        post: operations["archiveConfigurationVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/configuration-versions/{configuration_version_id}/actions/soft_delete_backing_data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Soft Delete Configuration Version
         * @description Mark a configuration version for garbage collection.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["softDeleteConfigurationVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/configuration-versions/{configuration_version_id}/actions/restore_backing_data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore Configuration Version
         * @description Restore a configuration version marked for garbage collection.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["restoreConfigurationVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/configuration-versions/{configuration_version_id}/actions/permanently_delete_backing_data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Permanently Delete Configuration Version
         * @description Permanently delete the backing files for a configuration version.
         *
         *     This operation is only available in Terraform Enterprise.
         */
        post: operations["permanentlyDeleteConfigurationVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/configuration-versions/{configuration_version_id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download Configuration Version
         * @description Generate a temporary URL to download the configuration version files.
         */
        get: operations["downloadConfigurationVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/vcs-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List VCS Events
         * @description List VCS events for an organization.
         */
        get: operations["listOrganizationVcsEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/vcs/tree": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List directories in a repository
         * @description This endpoint returns a list of directories in a repository
         *     at the root or at a specific reference (branch, tag, or commit SHA).
         *     Note: This endpoint only returns directories, not files.
         */
        get: operations["getVcsTree"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/vcs/repo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check if a repository exists
         * @description This endpoint checks if a repository exists and is accessible to the user.
         */
        get: operations["checkVcsRepository"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/registry-modules/validation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check if a module name and provider combination is available
         * @description This endpoint checks if a module name and provider combination is available for use within an organization.
         *     It returns a validation result indicating whether the name is already in use.
         */
        get: operations["validateRegistryModuleNames"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/registry-modules/{registry_name}/{namespace}/{name}/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a registry module
         * @description Returns details for a registry module, including its status, publishing
         *     mechanism, version statuses, and VCS settings when available to the
         *     requesting organization.
         */
        get: operations["getRegistryModule"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a registry module
         * @description When updating a VCS-backed private registry module, you can change the publishing
         *     mechanism (branch, tags, or tag prefix) and the VCS connection itself.
         *     Changing the connection re-validates the new VCS source and re-ingests the
         *     module.
         */
        patch: operations["updateRegistryModule"];
        trace?: never;
    };
    "/organizations/{organization_name}/tests/registry-modules/{registry_name}/{namespace}/{name}/{provider}/test-runs/{test_run_id}/cleanups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a Test Run Cleanup
         * @description Get details about a specific cleanup attempt associated with a test run.
         */
        get: operations["getTestRunCleanup"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/ssh-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List SSH Keys
         * @description List all SSH keys for an organization.
         */
        get: operations["listSshKeys"];
        put?: never;
        /**
         * Create an SSH Key
         * @description Create a new SSH key for an organization.
         */
        post: operations["createSshKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ssh-keys/{ssh_key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an SSH Key
         * @description Retrieve the details of a single SSH key.
         */
        get: operations["getSshKey"];
        put?: never;
        post?: never;
        /**
         * Delete an SSH Key
         * @description Delete an SSH key.
         */
        delete: operations["deleteSshKey"];
        options?: never;
        head?: never;
        /**
         * Update an SSH Key
         * @description Update the name of an SSH key.
         */
        patch: operations["updateSshKey"];
        trace?: never;
    };
    "/workspaces/{workspace_id}/change-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Change Requests in a Workspace
         * @description List all change requests for a workspace.
         */
        get: operations["listWorkspaceChangeRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/change-requests/{change_request_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Change Request
         * @description Get details about a specific change request.
         */
        get: operations["showChangeRequest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/change-requests/{change_request_id}/actions/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Change Request Archive Status
         * @description Get the current state of a change request, including its archive status.
         */
        get: operations["getChangeRequestArchive"];
        put?: never;
        /**
         * Archive a Change Request
         * @description Archive a change request to mark it as completed.
         */
        post: operations["archiveChangeRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth-clients/{oauth_client_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an OAuth Client
         * @description Show details of an existing OAuth client.
         */
        get: operations["getOAuthClient"];
        put?: never;
        post?: never;
        /**
         * Destroy an OAuth Client
         * @description Remove an existing OAuth client and unlink any associated workspaces.
         */
        delete: operations["destroyOAuthClient"];
        options?: never;
        head?: never;
        /**
         * Update an OAuth Client
         * @description Update settings of an existing OAuth client.
         */
        patch: operations["updateOAuthClient"];
        trace?: never;
    };
    "/oauth-clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an OAuth Client
         * @description Create a VCS connection between an organization and a VCS provider. The organization is specified via the `organization-id` attribute. This endpoint allows you to provide a pre-generated OAuth token string instead of going through the OAuth Application flow.
         */
        post: operations["createOAuthClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/oauth-clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List OAuth Clients
         * @description List all VCS connections between an organization and its VCS providers.
         */
        get: operations["listOAuthClients"];
        put?: never;
        /**
         * Create an OAuth Client for an Organization
         * @description Create a VCS connection between an organization and a VCS provider. This endpoint allows you to provide a pre-generated OAuth token string instead of going through the OAuth Application flow.
         */
        post: operations["createOAuthClientForOrganization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth-clients/{oauth_client_id}/relationships/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Attach an OAuth Client to Projects
         * @description Attach an OAuth client to one or more projects.
         */
        post: operations["attachOAuthClientToProjects"];
        /**
         * Detach an OAuth Client from Projects
         * @description Detach an OAuth client from one or more projects.
         */
        delete: operations["detachOAuthClientFromProjects"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth-tokens/{oauth_token_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show an OAuth Token
         * @description Get details about an OAuth token.
         */
        get: operations["getOauthToken"];
        put?: never;
        post?: never;
        /**
         * Destroy an OAuth Token
         * @description Destroy an OAuth token.
         */
        delete: operations["deleteOauthToken"];
        options?: never;
        head?: never;
        /**
         * Update an OAuth Token
         * @description Update an OAuth token by setting its SSH key.
         */
        patch: operations["updateOauthToken"];
        trace?: never;
    };
    "/organizations/{organization_name}/oauth-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List OAuth Tokens for an Organization
         * @description List all OAuth tokens for a given organization.
         */
        get: operations["listOauthTokensForOrganization"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth-clients/{oauth_client_id}/oauth-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List OAuth Tokens for an OAuth Client
         * @description List all OAuth tokens for a given OAuth client.
         */
        get: operations["listOauthTokensForOauthClient"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth-tokens/{oauth_token_id}/authorized-repos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Authorized Repositories for an OAuth Token
         * @description List all repositories that the OAuth token is authorized to access.
         */
        get: operations["listAuthorizedReposForOauthToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth-tokens/{oauth_token_id}/vcs-organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List VCS Organizations for an OAuth Token
         * @description List all VCS organizations accessible via the OAuth token. Only applicable to Azure DevOps providers.
         */
        get: operations["listVcsOrganizationsForOauthToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/github-app-installations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List GitHub App Installations
         * @description List GitHub App installations available to the current user.
         */
        get: operations["listGithubAppInstallations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/github-app-installations/{github_app_installation_id}/repos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List GitHub App Installation Repositories
         * @description List repositories accessible through a GitHub App installation.
         */
        get: operations["listGithubAppInstallationRepos"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/github-app/installation/{github_app_installation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show GitHub App Installation
         * @description Get details about a GitHub App installation.
         */
        get: operations["getGithubAppInstallation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/github-app/installations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List GitHub App Installations for Current User
         * @description List GitHub App installations accessible to the current authenticated user.
         */
        get: operations["listGithubAppInstallationsForCurrentUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/github-app-installations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Organization GitHub App Installations
         * @description List GitHub App installations linked to an organization.
         */
        get: operations["listOrganizationGithubAppInstallations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/github-app-installations/{github_app_installation_id}/repos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Organization GitHub App Installation Repositories
         * @description List repositories accessible through a GitHub App installation linked to an organization.
         */
        get: operations["listOrganizationGithubAppInstallationRepos"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{organization_name}/github-app-installations/{github_app_installation_id}/link-account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Link GitHub App Installation to Organization
         * @description Link a GitHub App installation to an organization.
         */
        post: operations["linkOrganizationGithubAppInstallation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a Run Task
         * @description Get details about a run task.
         */
        get: operations["getTask"];
        put?: never;
        post?: never;
        /**
         * Delete a Run Task
         * @description Delete a run task.
         */
        delete: operations["deleteTask"];
        options?: never;
        head?: never;
        /**
         * Update a Run Task
         * @description Update a run task.
         */
        patch: operations["updateTask"];
        trace?: never;
    };
    "/organizations/{organization_name}/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Run Tasks
         * @description List all run tasks in an organization.
         */
        get: operations["listOrganizationTasks"];
        put?: never;
        /**
         * Create a Run Task
         * @description Create a run task in an organization.
         */
        post: operations["createTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{id}/relationships/workspace-tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Workspace Run Tasks for a Run Task
         * @description List all workspace run tasks associated with a run task.
         */
        get: operations["listTaskWorkspaceTasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Workspace Run Tasks
         * @description List all run tasks associated with a workspace.
         */
        get: operations["listWorkspaceTasks"];
        put?: never;
        /**
         * Associate a Run Task to a Workspace
         * @description Associate an existing run task to a workspace.
         */
        post: operations["createWorkspaceTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{workspace_id}/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Workspace Run Task
         * @description Get details about a workspace run task.
         */
        get: operations["getWorkspaceTask"];
        put?: never;
        post?: never;
        /**
         * Delete a Workspace Run Task
         * @description Delete a workspace run task, dissociating the run task from the workspace.
         */
        delete: operations["deleteWorkspaceTask"];
        options?: never;
        head?: never;
        /**
         * Update a Workspace Run Task
         * @description Update a workspace run task.
         */
        patch: operations["updateWorkspaceTask"];
        trace?: never;
    };
    "/task-stages/{task_stage_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Run Task Stage
         * @description Get details about a specific run task stage.
         */
        get: operations["getTaskStage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/task-stages/{task_stage_id}/actions/override": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Override a Task Stage
         * @description Override a task stage that is in the awaiting_override status, allowing the run to continue even when run tasks have failed.
         */
        post: operations["overrideTaskStage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{run_id}/task-stages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the Run Task Stages in a Run
         * @description List the run task stages associated with a run.
         */
        get: operations["listRunTaskStages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/task-results/{task_result_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Run Task Result
         * @description Get details about a specific run task result.
         */
        get: operations["getTaskResult"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/task-results/{task_result_id}/body": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download Task Result Body
         * @description Download the body content of a native task result. This endpoint redirects to a
         *     pre-signed URL for downloading the task result data stored in object storage.
         */
        get: operations["getTaskResultBody"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/task-results/{task_result_id}/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a Run Task Result
         * @description Update a run task result with status, message, and optional outcome data. This endpoint is used by run task integrations to report execution results back to HCP Terraform. Requires a url_code query parameter for authentication.
         */
        patch: operations["callbackTaskResult"];
        trace?: never;
    };
    "/task-results/{task_result_id}/outcomes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the Outcomes for a Run Task Result
         * @description List the run task result outcomes associated with a run task result.
         */
        get: operations["listTaskResultOutcomes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/task-result-outcomes/{task_result_outcome_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a Run Task Result Outcome
         * @description Get details about a specific run task result outcome.
         */
        get: operations["getTaskResultOutcome"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspace-transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Workspace Transfers
         * @description List all workspace transfers you have access to.
         */
        get: operations["listWorkspaceTransfers"];
        put?: never;
        /**
         * Create a Workspace Transfer
         * @description Queue a new workspace transfer across organizations.
         */
        post: operations["createWorkspaceTransfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspace-transfers/{workspace_transfer_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Workspace Transfer details
         * @description Get details about a workspace transfer.
         */
        get: operations["getWorkspaceTransfer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspace-transfers/{workspace_transfer_id}/actions/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a Workspace Transfer
         * @description Resume a paused workspace transfer. A transfer pauses automatically:
         *     - After data migration completes, awaiting approval before source workspace deletion (`awaiting_approval`)
         *     - If source workspace deletion times out (`source_workspace_deletion_stuck`)
         *     Once resumed, the transfer proceeds with the remaining operations.
         */
        post: operations["resumeWorkspaceTransfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspace-transfers/{workspace_transfer_id}/actions/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a Workspace Transfer
         * @description Cancel a workspace transfer before the source workspace deletion begins.
         *     Once the `remove_source_workspace` operation starts, the transfer cannot be canceled.
         *     Canceling leaves the source workspace intact but locked. You cannot resume a canceled transfer.
         */
        post: operations["cancelWorkspaceTransfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        "admin-banners": {
            /** @description The external ID of the banner (e.g. ab-xxxxxxxxxxxxxxxx). */
            readonly id?: string;
            /** @enum {string} */
            type: "admin-banners";
            attributes: {
                /** @description Short heading for the banner (max 100 characters). */
                title: string;
                /** @description Body text of the banner. Limited HTML is allowed: strong, em, b, i, and anchor tags with href. All other tags and attributes are stripped. Maximum 255 characters after sanitization. */
                body: string;
                /**
                 * @description Visual style controlling how the banner is rendered.
                 * @enum {string}
                 */
                style: "info" | "warning" | "critical";
                /**
                 * @description Which users see the banner.
                 * @enum {string}
                 */
                audience: "all_users" | "authenticated_only";
                /**
                 * Format: date-time
                 * @description ISO 8601 datetime (UTC) when the banner should become active. scheduled-publish-at, scheduled-expire-at, and timezone must all be provided together or all omitted. Providing only a subset is a validation error.
                 */
                "scheduled-publish-at"?: string | null;
                /**
                 * Format: date-time
                 * @description ISO 8601 datetime (UTC) when the banner should be automatically deactivated. Must be provided together with scheduled-publish-at and timezone.
                 */
                "scheduled-expire-at"?: string | null;
                /** @description IANA timezone identifier for the scheduled times (e.g. "America/New_York", "UTC"). Required when scheduled-publish-at and scheduled-expire-at are provided. Used by the UI to display the schedule in the administrator's local timezone; stored and returned as-is. */
                timezone?: string | null;
                /**
                 * Format: date-time
                 * @description Set automatically when the banner is created without a schedule, or when the scheduled publish time is reached.
                 */
                readonly "published-at"?: string | null;
                /**
                 * Format: date-time
                 * @description Set when the banner is deactivated, either because a newer banner was created or because the scheduled expiry time was reached.
                 */
                readonly "deactivated-at"?: string | null;
            };
        };
        "admin-banners-envelope": {
            data: components["schemas"]["admin-banners"];
        };
        errors: {
            errors?: {
                status?: string;
                title?: string;
                detail?: string;
            }[];
        };
        related: {
            related?: string;
        };
        links_related: {
            links?: components["schemas"]["related"];
        };
        "authenticated-resource-identifier": {
            id: string;
            /** @enum {string} */
            type: "organizations" | "runs" | "users" | "teams";
        };
        "authenticated-resource-has-one": {
            data?: components["schemas"]["authenticated-resource-identifier"];
            links?: components["schemas"]["related"];
        };
        self: {
            self?: string;
        };
        users: {
            readonly id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "users";
            attributes: {
                username?: string | null;
                /** @description Indicates whether this user is a synthetic user representing a team or organization. */
                "is-service-account"?: boolean;
                "avatar-url"?: string | null;
                "auth-method"?: string;
                "v2-only"?: boolean;
                "is-admin"?: boolean;
                /** @description Deprecated. Use is-admin. */
                "is-site-admin"?: boolean;
                "is-sso-login"?: boolean;
                "is-confirmed"?: boolean;
                "is-unified"?: boolean;
                "is-sudo"?: boolean;
                email?: string;
                "unconfirmed-email"?: string | null;
                password?: string | null;
                "enterprise-support"?: boolean;
                "has-linked-hcp"?: boolean;
                "has-git-hub-app-token"?: boolean;
                "two-factor"?: {
                    enabled?: boolean;
                    verified?: boolean;
                };
                permissions?: {
                    "can-create-organization"?: boolean;
                    "can-view-organizations"?: boolean;
                    "can-view-settings"?: boolean;
                    "can-view-smtp-settings"?: boolean;
                    "can-view-twilio-settings"?: boolean;
                    "can-view-saml-settings"?: boolean;
                    "can-view-admin-workspaces"?: boolean;
                    "can-view-admin-runs"?: boolean;
                    "can-view-customization-settings"?: boolean;
                    "can-view-cost-estimation-settings"?: boolean;
                    "can-view-tool-versions"?: boolean;
                    "can-create-tool-versions"?: boolean;
                    "can-view-general-settings"?: boolean;
                    "can-use-sql-runner"?: boolean;
                    "can-view-profile"?: boolean;
                    "can-change-email"?: boolean;
                    "can-change-username"?: boolean;
                    "can-change-password"?: boolean;
                    "can-manage-sessions"?: boolean;
                    "can-manage-user-tokens"?: boolean;
                    "can-update-user"?: boolean;
                    /** @description This attribute is only available in HCP Terraform. */
                    "can-reenable-2fa-by-unlinking"?: boolean;
                    /** @description This attribute is only available in HCP Terraform. */
                    "can-manage-hcp-accounts"?: boolean;
                };
            };
            relationships?: {
                "authentication-tokens"?: components["schemas"]["links_related"];
                "github-app-oauth-tokens"?: components["schemas"]["links_related"];
                "authenticated-resource"?: components["schemas"]["authenticated-resource-has-one"];
            };
            links?: components["schemas"]["self"];
        };
        "users-envelope": {
            data: components["schemas"]["users"];
        };
        "hcp-billing-accounts-identifier": {
            id: string;
            /** @enum {string} */
            type: "hcp-billing-account";
        };
        "hcp-billing-accounts-has-one": {
            data?: components["schemas"]["hcp-billing-accounts-identifier"];
            links?: components["schemas"]["related"];
        };
        "feature-sets-identifier": {
            id: string;
            /** @enum {string} */
            type: "feature-sets";
        };
        "feature-sets-has-many": {
            data?: components["schemas"]["feature-sets-identifier"][];
        } | null;
        "hcp-organization": {
            id: string;
            type: string;
            attributes: {
                name: string;
                "hcp-owner-email"?: string | null;
                "is-hcp-admin": boolean;
            };
            relationships: {
                "default-account": components["schemas"]["hcp-billing-accounts-has-one"];
                "connected-plans": components["schemas"]["feature-sets-has-many"];
            };
        };
        "hcp-organization-envelope": {
            data: components["schemas"]["hcp-organization"];
        };
        "hcp-billing-account": {
            id: string;
            type: string;
            attributes: {
                "project-id": string;
                "hcp-organization-name": string;
                "hcp-organization-id": string;
                balance: number;
                "card-brand": string | null;
                "card-last4": string | null;
                "card-exp-month": number | null;
                "card-exp-year": number | null;
                "account-type": string;
                status: string;
                "payment-provider": string | null;
                "is-payment-method-configured"?: boolean;
                "flex-version"?: string | null;
            };
        };
        "feature-sets": {
            /** @description The ID of the feature set */
            id: string;
            /** @enum {string} */
            type: "feature-sets";
            attributes: {
                /** @description Whether the feature set includes assessments */
                assessments?: boolean;
                /** @description Whether the feature set includes audit logging */
                "audit-logging"?: boolean;
                /** @description Whether the organization can self-service downgrade from this feature set */
                "can-self-service-downgrade"?: boolean;
                /** @description Whether the feature set includes change requests */
                "change-requests"?: boolean;
                /** @description The cost of the feature set in cents */
                cost?: number;
                /** @description Whether the feature set includes cost estimation */
                "cost-estimation"?: boolean;
                /** @description Default maximum number of concurrent agents */
                "default-agents-ceiling"?: number;
                /** @description Default maximum number of concurrent runs */
                "default-runs-ceiling"?: number;
                /** @description Description of the feature set */
                description?: string;
                /** @description Whether the feature set includes global run tasks */
                "global-run-tasks"?: boolean;
                /** @description Whether the feature set includes Hold Your Own Key encryption */
                hyok?: boolean;
                /** @description Unique identifier for the feature set */
                identifier?: string;
                /** @description Whether the feature set includes Terraform Actions features */
                "terraform-actions"?: boolean;
                /** @description Whether this is a current/active feature set */
                "is-current"?: boolean;
                /** @description Whether this is a free tier feature set */
                "is-free-tier"?: boolean;
                /** @description Whether this is a managed resource plan */
                "is-managed-resource-plan"?: boolean;
                /** @description Whether this feature set includes module deprecations */
                "module-deprecations"?: boolean;
                /** @description Whether this feature set includes module revocations */
                "module-revocations"?: boolean;
                "module-tests-agent-support"?: boolean;
                /** @description Whether the feature set includes module test generation */
                "module-tests-generation"?: boolean;
                /** @description Name of the feature set */
                name?: string;
                /** @description Whether the feature set includes no-code modules */
                "no-code-modules"?: boolean;
                /** @description Associated plan ID */
                plan?: string | null;
                /** @description Whether the feature set includes policy enforcement */
                "policy-enforcement"?: boolean;
                /** @description Maximum number of policies (null means unlimited) */
                "policy-limit"?: number | null;
                /** @description Maximum number of mandatory enforcement policies (null means unlimited) */
                "policy-mandatory-enforcement-limit"?: number | null;
                /** @description Maximum number of policy sets (null means unlimited) */
                "policy-set-limit"?: number | null;
                /** @description Whether the feature set includes private networking */
                "private-networking"?: boolean;
                /** @description Whether the feature set includes private policy agents */
                "private-policy-agents"?: boolean;
                /** @description Whether the feature set includes private run tasks */
                "private-run-tasks"?: boolean;
                /** @description Whether the feature set includes private VCS */
                "private-vcs"?: boolean;
                /** @description Maximum number of run tasks (null means unlimited) */
                "run-task-limit"?: number | null;
                /**
                 * @description Whether the feature set allows enabling of recoverable items
                 *
                 *     This attribute is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
                 */
                "recoverable-items"?: boolean;
                /** @description Maximum number of mandatory enforcement run tasks (null means unlimited) */
                "run-task-mandatory-enforcement-limit"?: number | null;
                /** @description Maximum number of workspaces per run task (null means unlimited) */
                "run-task-workspace-limit"?: number | null;
                /** @description Whether the feature set includes run tasks */
                "run-tasks"?: boolean;
                /** @description Whether the feature set supports self-serve billing */
                "self-serve-billing"?: boolean;
                /** @description Whether the feature set includes Sentinel (alias for policy-enforcement) */
                sentinel?: boolean;
                /** @description Whether the feature set includes SSO */
                sso?: boolean;
                /** @description Whether the feature set includes stacks */
                stacks?: boolean;
                /** @description Whether the feature set includes teams */
                teams?: boolean;
                /** @description Maximum number of users (null means unlimited) */
                "user-limit"?: number | null;
                /** @description Whether the feature set uses HCP RUM billing resource */
                "uses-hcp-rum-billing-resource"?: boolean;
                /** @description Maximum number of versioned policy sets (null means unlimited) */
                "versioned-policy-set-limit"?: number | null;
                "waypoint-actions"?: boolean;
                "waypoint-templates-and-addons"?: boolean;
            };
        };
        "self-with-pagination": {
            self?: string;
            first?: string;
            prev?: string | null;
            next?: string | null;
            last?: string;
        };
        pagination: {
            "current-page"?: number;
            "page-size"?: number;
            "prev-page"?: number | null;
            "next-page"?: number | null;
            "total-pages"?: number;
            "total-count"?: number;
        };
        "organizations-identifier": {
            id: string;
            /** @enum {string} */
            type: "organizations";
        };
        "organizations-has-one": {
            data?: components["schemas"]["organizations-identifier"] | null;
            links?: components["schemas"]["related"];
        };
        "feature-sets-has-one": {
            data: components["schemas"]["feature-sets-identifier"];
        } | null;
        "subscriptions-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "subscriptions";
        };
        "subscriptions-has-one": {
            data?: components["schemas"]["subscriptions-identifier"] | null;
            links?: components["schemas"]["related"];
        };
        subscriptions: {
            readonly id?: string;
            /** @enum {string} */
            type: "subscriptions";
            attributes: {
                /** Format: date-time */
                "end-at"?: string | null;
                "is-active"?: boolean;
                /** Format: date-time */
                "start-at"?: string | null;
                "runs-ceiling"?: number | null;
                "agents-ceiling"?: number | null;
                /** Format: date-time */
                "contract-start-at"?: string | null;
                "contract-user-limit"?: number | null;
                "contract-apply-limit"?: number | null;
                "contract-managed-resources-limit"?: number | null;
                "hcp-organization-id"?: string | null;
                "hcp-project-id"?: string | null;
                "run-task-limit"?: number | null;
                "run-task-workspace-limit"?: number | null;
                "run-task-mandatory-enforcement-limit"?: number | null;
                "versioned-policy-set-limit"?: number | null;
                "policy-set-limit"?: number | null;
                "policy-limit"?: number | null;
                "policy-mandatory-enforcement-limit"?: number | null;
                "is-public-free-tier"?: boolean;
                "is-self-serve-trial"?: boolean;
                "is-change-approved"?: boolean;
                /** Format: date-time */
                "free-apply-monthly-limit-starts-at"?: string | null;
                "free-apply-monthly-limit"?: number | null;
                "free-apply-monthly-limit-remaining"?: number | null;
                "free-resource-under-management-monthly-limit"?: number | null;
                /** @description The custom RUM usage alert threshold for the organization. When the organization's billable resource count meets or exceeds this value, an alert email is sent to org owners. Set to null to disable alerting. Only available on paid RUM plans. */
                "rum-alert-threshold"?: number | null;
                /**
                 * Format: date-time
                 * @description Timestamp of the last time a RUM usage threshold alert was sent for the current rum-alert-threshold. Null when no alert has been sent for the current threshold.
                 */
                "rum-threshold-alert-sent-at"?: string | null;
            };
            relationships?: {
                organization: components["schemas"]["organizations-has-one"];
                "feature-set": components["schemas"]["feature-sets-has-one"];
                "hcp-billing-account"?: components["schemas"]["links_related"];
                "next-subscription"?: components["schemas"]["subscriptions-has-one"];
            };
        };
        "subscriptions-envelope": {
            data: components["schemas"]["subscriptions"];
        };
        "billing-invoices": {
            /** @description The Stripe invoice ID. */
            id?: string;
            /**
             * @description The resource type identifier.
             * @enum {string}
             */
            type?: "billing-invoices";
            attributes?: {
                /**
                 * Format: date-time
                 * @description The date the invoice was created.
                 */
                "created-at"?: string;
                /** @description A link to the Stripe-hosted invoice PDF. */
                "external-link"?: string;
                /** @description The invoice number. */
                number?: string;
                /** @description Whether the invoice has been paid. */
                paid?: boolean;
                /** @description The invoice status (e.g., "paid", "draft"). */
                status?: string;
                /** @description The total invoice amount in cents. */
                total?: number;
            };
        };
        "workspaces-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "workspaces";
        };
        "workspaces-has-many": {
            data?: components["schemas"]["workspaces-identifier"][];
        } | null;
        "projects-identifier": {
            id?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "projects";
        };
        "projects-has-many": {
            data?: components["schemas"]["projects-identifier"][];
        } | null;
        "agent-pools": {
            readonly id?: string;
            /** @enum {string} */
            type: "agent-pools";
            attributes: {
                name?: string;
                /** Format: date-time */
                readonly "created-at"?: string;
                "organization-scoped"?: boolean;
                readonly "agent-count"?: number;
            };
            links?: components["schemas"]["self"];
            relationships?: {
                agents?: components["schemas"]["links_related"];
                "authentication-tokens"?: components["schemas"]["links_related"];
                workspaces?: components["schemas"]["workspaces-has-many"];
                "allowed-workspaces"?: components["schemas"]["workspaces-has-many"];
                "allowed-projects"?: components["schemas"]["projects-has-many"];
                "excluded-workspaces"?: components["schemas"]["workspaces-has-many"];
                organization?: components["schemas"]["organizations-has-one"];
            };
        };
        "agent-pools-envelope": {
            data: components["schemas"]["agent-pools"];
        };
        agents: {
            readonly id?: string;
            /** @enum {string} */
            type?: "agents";
            attributes?: {
                name?: string;
                status?: string;
                "ip-address"?: string | null;
                /** Format: date-time */
                "last-ping-at"?: string | null;
                /** Format: date-time */
                readonly "created-at"?: string;
            };
        };
        "agents-envelope": {
            data: components["schemas"]["agents"];
        };
        "agent-pools-identifier": {
            id: string;
            /** @enum {string} */
            type: "agent-pools";
        };
        "agent-pools-has-many": {
            data?: components["schemas"]["agent-pools-identifier"][];
        } | null;
        "cidr-ranges-identifier": {
            readonly id?: string;
            /** @enum {string} */
            type: "cidr-ranges";
        };
        "cidr-ranges-has-many": {
            data?: components["schemas"]["cidr-ranges-identifier"][];
        } | null;
        "cidr-range-lists": {
            readonly id?: string;
            /** @enum {string} */
            type: "cidr-range-lists";
            attributes: {
                name?: string;
                description?: string;
                /** @enum {string} */
                "enforcement-scope"?: "organization" | "all_agent_pools" | "selected_agent_pools";
                /** Format: date-time */
                readonly "updated-at"?: string;
            };
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
                "agent-pools"?: components["schemas"]["agent-pools-has-many"];
                "cidr-ranges"?: components["schemas"]["cidr-ranges-has-many"];
            };
        };
        "cidr-range-list-envelope": {
            data: components["schemas"]["cidr-range-lists"];
        };
        "cidr-range-lists-identifier": {
            id: string;
            /** @enum {string} */
            type: "cidr-range-lists";
        };
        "cidr-range-lists-has-one": {
            data: components["schemas"]["cidr-range-lists-identifier"] | null;
        } | null;
        "cidr-ranges": {
            readonly id?: string;
            /** @enum {string} */
            type: "cidr-ranges";
            attributes: {
                range: string;
                description?: string | null;
                enabled: boolean;
                /** Format: date-time */
                readonly "updated-at"?: string;
            };
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
                "cidr-range-list"?: components["schemas"]["cidr-range-lists-has-one"];
            };
        };
        "cidr-ranges-envelope": {
            data: components["schemas"]["cidr-ranges"];
        };
        "agent-pool-ids": {
            data: {
                id: string;
                /** @enum {string} */
                type: "agent-pools";
            }[];
        };
        "metrics-token": {
            readonly id?: string;
            /** @enum {string} */
            type: "metrics-tokens";
            attributes: {
                /** @description The name of the token. */
                name?: string;
                /** @description The ID of the token. */
                readonly "token-id"?: string;
                /**
                 * Format: date-time
                 * @description The time when the token was created.
                 */
                readonly "created-at"?: string;
                /**
                 * Format: date-time
                 * @description The time when the token expires.
                 */
                readonly "expires-at"?: string | null;
                /** @description The secret text of the new authentication token. Only returned when the token is created. */
                readonly token?: string | null;
            };
        };
        "agent-pools-has-one": {
            data: components["schemas"]["agent-pools-identifier"] | null;
        } | null;
        "data-retention-policy-identifier": {
            id: string;
            /** @enum {string} */
            type: "data-retention-policy-delete-olders" | "data-retention-policy-dont-deletes";
        };
        "data-retention-policy-has-one": {
            data: components["schemas"]["data-retention-policy-identifier"] | null;
        };
        "entitlement-sets-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "entitlement-sets";
        };
        "entitlement-sets-has-one": {
            data?: components["schemas"]["entitlement-sets-identifier"] | null;
            links?: components["schemas"]["related"];
        };
        "projects-has-one": {
            data?: components["schemas"]["projects-identifier"] | null;
            links?: components["schemas"]["related"];
        };
        "hyok-configurations-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "hyok-configurations";
        };
        "hyok-configurations-has-one": {
            data?: components["schemas"]["hyok-configurations-identifier"] | null;
        };
        organizations: {
            readonly id?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "organizations";
            attributes: {
                readonly "external-id"?: string;
                /** Format: date-time */
                readonly "created-at"?: string;
                email?: string;
                "session-timeout"?: number | null;
                "session-remember"?: number | null;
                /** @enum {string} */
                "collaborator-auth-policy"?: "password" | "two_factor_mandatory";
                readonly "plan-expired"?: boolean;
                /** Format: date-time */
                readonly "plan-expires-at"?: string | null;
                readonly "plan-is-trial"?: boolean;
                readonly "plan-is-enterprise"?: boolean;
                readonly "plan-identifier"?: string;
                "cost-estimation-enabled"?: boolean;
                "send-passing-statuses-for-untriggered-speculative-plans"?: boolean;
                "aggregated-commit-status-enabled"?: boolean;
                "speculative-plan-management-enabled"?: boolean;
                "allow-force-delete-workspaces"?: boolean;
                name?: string;
                /** @description This attribute is only available in HCP Terraform. */
                readonly "hcp-id"?: string;
                /** @description This attribute is only available in HCP Terraform. */
                readonly "is-unified"?: boolean;
                permissions?: {
                    "can-update"?: boolean;
                    "can-update-authentication-token"?: boolean;
                    "can-view-authentication"?: boolean;
                    "can-destroy"?: boolean;
                    "can-access-via-teams"?: boolean;
                    "can-create-module"?: boolean;
                    "can-create-team"?: boolean;
                    "can-create-workspace"?: boolean;
                    "can-manage-users"?: boolean;
                    "can-view-users"?: boolean;
                    "can-manage-subscription"?: boolean;
                    "can-manage-sso"?: boolean;
                    "can-update-oauth"?: boolean;
                    "can-update-sentinel"?: boolean;
                    "can-update-ssh-keys"?: boolean;
                    "can-update-api-token"?: boolean;
                    "can-traverse"?: boolean;
                    "can-view-usage"?: boolean;
                    "can-update-agent-pools"?: boolean;
                    "can-manage-tags"?: boolean;
                    "can-manage-varsets"?: boolean;
                    "can-read-varsets"?: boolean;
                    "can-manage-public-providers"?: boolean;
                    "can-create-provider"?: boolean;
                    "can-manage-public-modules"?: boolean;
                    "can-manage-custom-providers"?: boolean;
                    "can-manage-run-tasks"?: boolean;
                    "can-read-run-tasks"?: boolean;
                    "can-create-project"?: boolean;
                    "can-enable-stacks"?: boolean;
                    "can-manage-org-public-providers"?: boolean;
                    "can-manage-org-public-modules"?: boolean;
                    "can-manage-assessments"?: boolean;
                    "can-read-assessments"?: boolean;
                    "can-view-explorer"?: boolean;
                    "can-deploy-no-code-modules"?: boolean;
                    "can-manage-no-code-modules"?: boolean;
                    /** @description This attribute is only available in HCP Terraform. */
                    "can-manage-groups-in-hcp"?: boolean;
                    /** @description This attribute is only available in HCP Terraform. */
                    "can-create-project-in-hcp"?: boolean;
                    /** @description This attribute is only available in HCP Terraform. */
                    "can-update-hyok-configuration"?: boolean;
                    /** @description This attribute is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users. */
                    "can-manage-recoverable-items"?: boolean;
                    /** @description This attribute is only available in Terraform Enterprise. */
                    "can-read-policies"?: boolean;
                };
                readonly "fair-run-queuing-enabled"?: boolean;
                "saml-enabled"?: boolean;
                "owners-team-saml-role-id"?: string | null;
                "two-factor-conformant"?: boolean;
                "assessments-enforced"?: boolean;
                readonly "is-in-degraded-mode"?: boolean;
                /** @description This attribute is only available in Terraform Enterprise. */
                "global-module-sharing"?: boolean;
                /** @description This attribute is only available in Terraform Enterprise. */
                "global-provider-sharing"?: boolean;
                /** @description This attribute is only available in Terraform Enterprise. */
                readonly "parent-data-retention-policy-info"?: string;
                /** @description This attribute is only available in Terraform Enterprise. */
                readonly "module-consuming-organizations-count"?: number;
                /** @description This attribute is only available in Terraform Enterprise. */
                readonly "provider-consuming-organizations-count"?: number;
                readonly "remaining-testable-count"?: number;
                /** @description This attribute is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users. */
                "stacks-enabled"?: boolean;
                /** @description This attribute is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users. */
                "recoverable-items-enabled"?: boolean;
                /** @description This attribute is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users. */
                readonly "over-stacks-resource-limit"?: boolean;
                /** @enum {string} */
                "default-execution-mode"?: "remote" | "local" | "agent";
                /** @enum {string} */
                "stacks-default-execution-mode"?: "remote" | "agent";
                /** @description This attribute is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users. */
                readonly "test-generation-enabled"?: boolean;
            };
            links?: components["schemas"]["self"];
            relationships?: {
                "default-agent-pool"?: components["schemas"]["agent-pools-has-one"];
                "stacks-default-agent-pool"?: components["schemas"]["agent-pools-has-one"];
                /** @description This relationship is only available in Terraform Enterprise. */
                "data-retention-policy"?: components["schemas"]["data-retention-policy-has-one"];
                /** @description This relationship is only available in Terraform Enterprise. */
                "module-producers"?: components["schemas"]["links_related"];
                /** @description This relationship is only available in Terraform Enterprise. */
                "provider-producers"?: components["schemas"]["links_related"];
                "oauth-tokens"?: components["schemas"]["links_related"];
                "authentication-token"?: components["schemas"]["links_related"];
                /** @description This relationship is only available in HCP Terraform. */
                "audit-trails-authentication-token"?: components["schemas"]["links_related"];
                "entitlement-set"?: components["schemas"]["entitlement-sets-has-one"];
                subscription?: components["schemas"]["subscriptions-has-one"];
                "default-project"?: components["schemas"]["projects-has-one"];
                /** @description This relationship is only available in HCP Terraform. */
                "primary-hyok-configuration"?: components["schemas"]["hyok-configurations-has-one"];
            };
        };
        "organizations-envelope": {
            data: components["schemas"]["organizations"];
        };
        projects: {
            id?: string;
            /** @enum {string} */
            type: "projects";
            attributes: {
                name?: string;
                description?: string | null;
                /** Format: date-time */
                readonly "created-at"?: string;
                "auto-destroy-activity-duration"?: string | null;
                /** @enum {string} */
                "default-execution-mode"?: "remote" | "local" | "agent";
                /** @enum {string} */
                "stacks-default-execution-mode"?: "remote" | "agent";
                "setting-overwrites"?: {
                    "default-execution-mode"?: boolean;
                    "default-agent-pool"?: boolean;
                    "stacks-default-execution-mode"?: boolean;
                    "stacks-default-agent-pool"?: boolean;
                };
                permissions?: {
                    "can-read"?: boolean;
                    "can-update"?: boolean;
                    "can-destroy"?: boolean;
                    "can-create-workspace"?: boolean;
                    "can-move-workspace"?: boolean;
                    "can-move-stack"?: boolean;
                    "can-manage-stacks"?: boolean;
                    "can-view-stacks"?: boolean;
                    "can-update-stacks"?: boolean;
                    "can-deploy-no-code-modules"?: boolean;
                    "can-read-teams"?: boolean;
                    "can-manage-tags"?: boolean;
                    "can-manage-teams"?: boolean;
                    /** @description This attribute is only available in HCP Terraform. */
                    "can-manage-in-hcp"?: boolean;
                    "can-manage-varsets"?: boolean;
                    "can-manage-ephemeral-workspace-for-projects"?: boolean;
                } | null;
                "workspace-count"?: number | null;
                "team-count"?: number | null;
                /** @description This attribute is only available in HCP Terraform. */
                "hcp-id"?: string | null;
                /** @description This attribute is only available in HCP Terraform. */
                "is-unified"?: boolean | null;
            };
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
                "tag-bindings"?: {
                    links?: {
                        related?: string;
                    };
                } | null;
                "default-agent-pool"?: components["schemas"]["agent-pools-has-one"];
                "stacks-default-agent-pool"?: components["schemas"]["agent-pools-has-one"];
            };
            links?: {
                self?: string;
            };
        };
        "entitlement-sets": {
            id?: string;
            /** @enum {string} */
            type?: "entitlement-sets";
            attributes?: Record<string, never>;
            links?: Record<string, never>;
        };
        "cidr-range-list-with-ranges-envelope": {
            data: components["schemas"]["cidr-range-lists"];
        };
        "teams-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "teams";
        };
        "teams-has-many": {
            data?: components["schemas"]["teams-identifier"][];
        } | null;
        "users-has-one": {
            data?: {
                id?: string;
                /** @enum {string} */
                type?: "users";
            } | null;
            links?: components["schemas"]["related"];
        };
        "scim-identities-identifier": {
            id: string;
            /** @enum {string} */
            type: "scim-identities";
        };
        "scim-identities-has-one": {
            data?: components["schemas"]["scim-identities-identifier"] | null;
        };
        "status-counts": {
            total?: number;
            active?: number;
            invited?: number;
        };
        "organization-memberships": {
            /** @description The organization membership ID */
            readonly id?: string;
            /** @enum {string} */
            type: "organization-memberships";
            attributes: {
                /**
                 * @description The status of the organization membership. Can be "active", "invited", or "inactive".
                 * @enum {string}
                 */
                readonly status?: "active" | "invited" | "inactive";
                /**
                 * Format: email
                 * @description The email address of the user.
                 */
                email?: string;
                /**
                 * Format: date-time
                 * @description The timestamp when the organization membership was created.
                 */
                readonly "created-at"?: string;
                /** @description Whether two-factor authentication is required for the organization. Only present for invited users. */
                readonly "is-org-two-factor-required"?: boolean | null;
            };
            relationships?: {
                /** @description The teams this user is a member of. Only shows teams the requesting user has access to, and teams that are not "secret" (unless the requester is a member). */
                teams?: components["schemas"]["teams-has-many"];
                /** @description The user associated with this organization membership. */
                user?: components["schemas"]["users-has-one"];
                /** @description The organization this membership belongs to. */
                organization?: components["schemas"]["organizations-has-one"];
                /**
                 * @description The SCIM identity associated with this organization membership.
                 *     Only available on HCP Terraform when SCIM is enabled.
                 *     Returns null if the user has no SCIM identity for this organization.
                 */
                "scim-identity"?: components["schemas"]["scim-identities-has-one"];
            };
            links?: components["schemas"]["self-with-pagination"];
            meta?: {
                "status-counts"?: components["schemas"]["status-counts"];
                pagination?: components["schemas"]["pagination"];
            };
        };
        "users-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "users";
        };
        "users-has-many": {
            data?: components["schemas"]["users-identifier"][];
        } | null;
        "organization-memberships-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "organization-memberships";
        };
        "organization-memberships-has-many": {
            data?: components["schemas"]["organization-memberships-identifier"][];
        } | null;
        teams: {
            readonly id?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "teams";
            attributes: {
                /** @description The name of the team, which can only include letters, numbers, `-`, and `_`. */
                name: string;
                /** @description The number of active users in the team. */
                readonly "users-count"?: number;
                /** @description Team description. Only available when effective permissions are enabled for unified organizations. */
                description?: string | null;
                /** @description The unique identifier of the team from the SAML MemberOf attribute. */
                "sso-team-id"?: string | null;
                /**
                 * @description The team's visibility. Can be "secret" or "organization" (visible).
                 * @enum {string}
                 */
                visibility?: "secret" | "organization";
                /** @description Whether team members are allowed to manage their own authentication tokens. */
                "allow-member-token-management"?: boolean;
                /**
                 * @description Whether this team is linked to a SCIM group. Only available when SCIM is enabled.
                 *
                 *     This attribute is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
                 */
                readonly "scim-linked"?: boolean;
                /**
                 * @description The display name of the linked SCIM group. Only available when SCIM is enabled.
                 *
                 *     This attribute is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
                 */
                readonly "scim-group-name"?: string | null;
                /**
                 * Format: date-time
                 * @description The timestamp of the most recent SCIM sync update for this team. Only available when SCIM is enabled.
                 *
                 *     This attribute is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
                 */
                readonly "scim-updated-at"?: string | null;
                /**
                 * @description Whether SCIM sync is paused for this team. Only available when SCIM is enabled.
                 *
                 *     This attribute is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
                 */
                readonly "scim-sync-paused"?: boolean;
                /**
                 * @description The HCP resource name for unified teams.
                 *
                 *     This attribute is only available in HCP Terraform.
                 */
                readonly "hcp-resource-name"?: string | null;
                /**
                 * @description Whether this team is unified with HCP.
                 *
                 *     This attribute is only available in HCP Terraform.
                 */
                readonly "is-unified"?: boolean;
                /** @description The number of non-service account users in the team. */
                readonly "non-service-users-count"?: number | null;
                /** @description Permissions for the current user on this team. */
                readonly permissions?: {
                    "can-update-membership"?: boolean;
                    "can-destroy"?: boolean;
                    "can-update-organization-access"?: boolean;
                    "can-update-api-token"?: boolean;
                    "can-update-visibility"?: boolean;
                    "can-update-name"?: boolean;
                    "can-update-sso-team-id"?: boolean;
                    "can-update-member-token-management"?: boolean;
                    "can-view-api-token"?: boolean;
                };
                /** @description Settings for the team's organization-level permissions. */
                "organization-access"?: {
                    "manage-policies"?: boolean;
                    "manage-workspaces"?: boolean;
                    "manage-vcs-settings"?: boolean;
                    "manage-policy-overrides"?: boolean;
                    "delegate-policy-overrides"?: boolean;
                    "manage-modules"?: boolean;
                    "manage-providers"?: boolean;
                    "manage-run-tasks"?: boolean;
                    "manage-projects"?: boolean;
                    "manage-membership"?: boolean;
                    "manage-teams"?: boolean;
                    "manage-organization-access"?: boolean;
                    "access-secret-teams"?: boolean;
                    "read-projects"?: boolean;
                    "read-workspaces"?: boolean;
                    "manage-agent-pools"?: boolean;
                    /** @description This attribute is only available in HCP Terraform. */
                    "manage-public-providers"?: boolean;
                    /** @description This attribute is only available in HCP Terraform. */
                    "manage-public-modules"?: boolean;
                    "manage-registry-components"?: boolean | null;
                    "manage-registry-artifact-tags"?: boolean | null;
                    "manage-registry-artifact-version-tags"?: boolean | null;
                } | null;
            };
            links?: components["schemas"]["self"];
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
                /** @description Team members (active users only). */
                users?: components["schemas"]["users-has-many"];
                /** @description Organization memberships for team members. */
                "organization-memberships"?: components["schemas"]["organization-memberships-has-many"];
                "authentication-token"?: components["schemas"]["links_related"];
                "authentication-tokens"?: components["schemas"]["links_related"];
            };
        };
        "scim-identities": {
            /** @description The external ID of the SCIM identity */
            readonly id?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "scim-identities";
            attributes: {
                /**
                 * @description The provisioning status of the user.
                 *     - "provisioned": User was created via SCIM provisioning
                 *     - "claimed": User claimed their account or existed before SCIM
                 * @enum {string}
                 */
                readonly status?: "provisioned" | "claimed";
            };
        };
        "organization-memberships-envelope": {
            data: components["schemas"]["organization-memberships"];
        };
        "recoverable-identifier": {
            id: string;
            /** @enum {string} */
            type: "workspaces" | "stacks";
        };
        "recoverable-has-one": {
            data?: components["schemas"]["recoverable-identifier"];
            links?: components["schemas"]["related"];
        };
        "recoverable-items": {
            /** @description The ID of the recoverable item */
            readonly id: string;
            /** @enum {string} */
            type: "recoverable-items";
            attributes: {
                /** @description The name of the recoverable resource */
                "recoverable-name": string;
                /**
                 * Format: date-time
                 * @description The timestamp when the resource was deleted (soft-deleted)
                 */
                "deleted-at": string;
                /**
                 * Format: date-time
                 * @description The timestamp when the recoverable item will be permanently deleted
                 */
                "expires-at": string;
                /** @description The number of unmanaged resources (RUM) associated with the recoverable item */
                "unmanaged-resources": number;
                /**
                 * Format: date-time
                 * @description The timestamp when the resource was permanently deleted, if applicable
                 */
                "permanently-deleted-at"?: string | null;
            };
            relationships: {
                /** @description The project this recoverable item belongs to */
                project: components["schemas"]["projects-has-one"];
                /** @description The recoverable resource (can be a workspace or stack.) */
                recoverable: components["schemas"]["recoverable-has-one"];
            };
        };
        "data-retention-target-identifier": {
            id: string;
            /** @enum {string} */
            type: "organizations" | "workspaces";
        };
        "data-retention-target-has-one": {
            data?: components["schemas"]["data-retention-target-identifier"];
            links?: components["schemas"]["related"];
        };
        "data-retention-policy": {
            readonly id?: string;
            /** @enum {string} */
            type: "data-retention-policy-delete-olders" | "data-retention-policy-dont-deletes";
            attributes: {
                deleteOlderThanNDays?: number;
                deleteStateVersions?: boolean;
                deleteConfigurationVersions?: boolean;
                deleteRunDataAndLogs?: boolean;
                stateVersionsDeleteAfterNDays?: number | null;
                configurationVersionsDeleteAfterNDays?: number | null;
                runDataAndLogsDeleteAfterNDays?: number | null;
                stateVersionsKeepLatestCount?: number | null;
                configurationVersionsKeepLatestCount?: number | null;
                runDataKeepLatestCount?: number | null;
            };
            links?: components["schemas"]["self"];
            relationships?: {
                target?: components["schemas"]["data-retention-target-has-one"];
            };
        };
        "data-retention-policy-envelope": {
            data: components["schemas"]["data-retention-policy"];
        };
        "projects-envelope": {
            data: components["schemas"]["projects"];
        };
        "token-ttl-policy": {
            /** @description The token TTL policy ID */
            readonly id?: string;
            /** @enum {string} */
            type?: "organization-token-ttl-policies";
            attributes?: {
                /**
                 * @description The type of the token TTL policy
                 * @example organization
                 * @enum {string}
                 */
                "token-type": "organization" | "team" | "user" | "audit_trails" | "metrics";
                /**
                 * Format: int64
                 * @description The maximum time-to-live for the token in milliseconds
                 * @example 3600000
                 */
                "max-ttl-ms": number;
                /**
                 * Format: date-time
                 * @description When the policy was created
                 */
                "created-at"?: string;
                /**
                 * Format: date-time
                 * @description When the policy was last updated
                 */
                "updated-at"?: string;
            };
        };
        "token-ttl-policy-entry": {
            /**
             * @description The type of the token TTL policy
             * @example organization
             * @enum {string}
             */
            "token-type": "organization" | "team" | "user" | "audit_trails" | "metrics";
            /**
             * Format: int64
             * @description The maximum time-to-live for the token in milliseconds
             * @example 3600000
             */
            "max-ttl-ms": number;
        };
        "token-ttl-policies": {
            /** @enum {string} */
            type: "organization-token-ttl-policies";
            attributes?: {
                "token-ttl-policies"?: components["schemas"]["token-ttl-policy-entry"][];
            };
        };
        "token-ttl-policies-envelope": {
            data: components["schemas"]["token-ttl-policies"];
        };
        "workspaces-identifier-array-document": {
            data: {
                /** @enum {string} */
                type: "workspaces";
                id: string;
            }[];
        };
        "tag-bindings": {
            /** @example tb-7AHdkTVXrmxiB8vQ */
            readonly id?: string;
            /** @enum {string} */
            type: "tag-bindings";
            attributes: {
                /** Format: date-time */
                "created-at"?: string | null;
                key: string;
                value?: string;
            };
        };
        "tag-bindings-collection": {
            data: components["schemas"]["tag-bindings"][];
        };
        "inherited-from-has-one": {
            data?: components["schemas"]["projects-identifier"] | null;
        } | null;
        "effective-tag-bindings": {
            /** @example 3JAnx3G4puQcjHu3 */
            readonly id?: string;
            /** @enum {string} */
            type: "effective-tag-bindings";
            attributes: {
                key: string;
                value?: string;
            };
            /** @description Optional relationship indicating the project this binding was inherited from, if applicable. */
            relationships?: {
                "inherited-from"?: components["schemas"]["inherited-from-has-one"];
            };
        };
        "effective-tag-bindings-envelope-many": {
            data: components["schemas"]["effective-tag-bindings"][];
        };
        "ssh-keys-identifier": {
            id: string;
            /** @enum {string} */
            type: "ssh-keys";
        };
        "ssh-keys-has-one": {
            data?: components["schemas"]["ssh-keys-identifier"] | null;
        };
        "locked-by-identifier": {
            id: string;
            /** @enum {string} */
            type: "users" | "teams" | "runs";
        };
        "locked-by-has-one": {
            data?: components["schemas"]["locked-by-identifier"] | null;
        };
        "runs-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "runs";
        };
        "runs-has-one": {
            data?: components["schemas"]["runs-identifier"] | null;
        };
        "workspace-outputs-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "workspace-outputs";
        };
        "workspace-outputs-has-many": {
            data?: components["schemas"]["workspace-outputs-identifier"][];
        } | null;
        "state-versions-identifier": {
            id: string;
            /** @enum {string} */
            type: "state-versions";
        };
        "state-versions-has-one": {
            data?: components["schemas"]["state-versions-identifier"] | null;
        };
        "configuration-versions-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "configuration-versions";
        };
        "configuration-versions-has-one": {
            data?: components["schemas"]["configuration-versions-identifier"] | null;
            links?: components["schemas"]["related"];
        };
        "workspace-readme-identifier": {
            id: string;
            /** @enum {string} */
            type: "workspace-readme";
        };
        "workspace-readme-has-one": {
            data?: components["schemas"]["workspace-readme-identifier"] | null;
        };
        "assessment-results-identifier": {
            id: string;
            /** @enum {string} */
            type: "assessment-results";
        };
        "assessment-results-has-one": {
            data?: components["schemas"]["assessment-results-identifier"] | null;
        };
        "vars-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "vars";
        };
        "vars-has-many": {
            data?: components["schemas"]["vars-identifier"][];
        } | null;
        workspaces: {
            readonly id?: string;
            /** @enum {string} */
            type: "workspaces";
            attributes?: {
                "allow-destroy-plan"?: boolean;
                "auto-apply"?: boolean;
                "auto-apply-run-trigger"?: boolean;
                "auto-destroy-activity-duration"?: string | null;
                /** Format: date-time */
                "auto-destroy-at"?: string | null;
                "auto-destroy-status"?: string | null;
                "inherits-project-auto-destroy"?: boolean;
                /** Format: date-time */
                readonly "created-at"?: string;
                environment?: string;
                locked?: boolean;
                name?: string;
                "queue-all-runs"?: boolean;
                "speculative-enabled"?: boolean;
                "structured-run-output-enabled"?: boolean;
                "terraform-version"?: string;
                "working-directory"?: string | null;
                "global-remote-state"?: boolean;
                "project-remote-state"?: boolean;
                /** Format: date-time */
                readonly "updated-at"?: string;
                "resource-count"?: number;
                "apply-duration-average"?: number | null;
                "plan-duration-average"?: number | null;
                "policy-check-failures"?: number | null;
                "run-failures"?: number | null;
                "workspace-kpis-runs-count"?: number | null;
                /** Format: date-time */
                "latest-change-at"?: string | null;
                /** @description Deprecated. Use execution-mode instead. */
                operations?: boolean;
                /** @enum {string} */
                "execution-mode"?: "remote" | "local" | "agent";
                "setting-overwrites"?: {
                    "execution-mode"?: boolean;
                    "agent-pool"?: boolean;
                };
                "vcs-repo"?: {
                    identifier?: string;
                    "display-identifier"?: string | null;
                    branch?: string | null;
                    "ingress-submodules"?: boolean;
                    "oauth-token-id"?: string | null;
                    "github-app-installation-id"?: string | null;
                    "tags-regex"?: string | null;
                } | null;
                "vcs-repo-identifier"?: string | null;
                permissions?: {
                    "can-update"?: boolean;
                    "can-destroy"?: boolean;
                    "can-queue-run"?: boolean;
                    "can-read-run"?: boolean;
                    "can-read-variable"?: boolean;
                    "can-update-variable"?: boolean;
                    "can-read-state-versions"?: boolean;
                    "can-read-state-outputs"?: boolean;
                    "can-create-state-versions"?: boolean;
                    "can-queue-apply"?: boolean;
                    "can-lock"?: boolean;
                    "can-unlock"?: boolean;
                    "can-force-unlock"?: boolean;
                    "can-read-settings"?: boolean;
                    "can-manage-tags"?: boolean;
                    "can-manage-run-tasks"?: boolean;
                    "can-force-delete"?: boolean;
                    "can-manage-assessments"?: boolean;
                    "can-manage-ephemeral-workspaces"?: boolean;
                    "can-read-assessment-results"?: boolean;
                    "can-queue-destroy"?: boolean;
                } | null;
                actions?: {
                    "is-destroyable"?: boolean;
                };
                description?: string | null;
                "file-triggers-enabled"?: boolean;
                "trigger-prefixes"?: string[] | null;
                "trigger-patterns"?: string[] | null;
                "assessments-enabled"?: boolean;
                /** Format: date-time */
                "last-assessment-result-at"?: string | null;
                "locked-reason"?: string | null;
                source?: string | null;
                "source-name"?: string | null;
                "source-url"?: string | null;
                /**
                 * @description Identifier of the no-code module and version this workspace was created from
                 *     (for example, private/<org>/<name>/<provider>/<version>). Present only for
                 *     no-code workspaces; omitted otherwise. Prefer the no-code-module-version
                 *     relationship for a typed link to the current no-code module version.
                 */
                readonly "source-module-id"?: string | null;
                /**
                 * @description Whether a newer no-code module version is available for this workspace.
                 *     Present only for no-code workspaces; omitted otherwise.
                 */
                readonly "no-code-upgrade-available"?: boolean | null;
                "tag-names"?: string[];
                /**
                 * @description A human-readable description of the effective state-version
                 *     retention window for this workspace. Returns null when no state-version retention policy is in effect for the
                 *     workspace, or when the policy does not delete state versions.
                 *
                 *
                 *     This attribute is only available in Terraform Enterprise.
                 */
                "effective-state-version-retention-desc"?: string | null;
                /**
                 * @description A human-readable description of the effective run data and logs
                 *     retention window for this workspace. Returns null when no run data retention policy is in effect for the
                 *     workspace, or when the policy does not delete run data and logs.
                 *
                 *
                 *     This attribute is only available in Terraform Enterprise.
                 */
                "effective-run-data-retention-desc"?: string | null;
                /**
                 * @description HCP Terraform Premium Tier only. Enabled Hold Your Own Key for the workspace. Once this has been set to true,
                 *     it can no longer be disabled.
                 *
                 *
                 *     This attribute is only available in HCP Terraform.
                 */
                "hyok-enabled"?: boolean;
            };
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
                "ssh-key"?: components["schemas"]["ssh-keys-has-one"];
                "locked-by"?: components["schemas"]["locked-by-has-one"];
                "current-run"?: components["schemas"]["runs-has-one"];
                "latest-run"?: components["schemas"]["runs-has-one"];
                outputs?: components["schemas"]["workspace-outputs-has-many"];
                "remote-state-consumers"?: {
                    links?: components["schemas"]["related"];
                };
                "current-state-version"?: components["schemas"]["state-versions-has-one"];
                "current-configuration-version"?: components["schemas"]["configuration-versions-has-one"];
                "agent-pool"?: components["schemas"]["agent-pools-has-one"];
                readme?: components["schemas"]["workspace-readme-has-one"];
                project?: components["schemas"]["projects-has-one"];
                "current-assessment-result"?: components["schemas"]["assessment-results-has-one"];
                vars?: components["schemas"]["vars-has-many"];
            };
            links?: components["schemas"]["self"];
        };
        "workspaces-envelope": {
            data: components["schemas"]["workspaces"];
        };
        "subscribable-identifier": {
            id: string;
            /** @enum {string} */
            type: "workspaces" | "projects" | "teams" | "stacks";
        };
        "subscribable-has-one": {
            data?: components["schemas"]["subscribable-identifier"];
            links?: components["schemas"]["related"];
        };
        "notification-configurations": {
            readonly id?: string;
            /** @enum {string} */
            type: "notification-configurations";
            attributes: {
                /** @description The name of the notification configuration. */
                name: string;
                /**
                 * @description The type of notification destination (e.g., email, slack, generic, microsoft-teams).
                 * @enum {string}
                 */
                "destination-type": "email" | "slack" | "generic" | "microsoft-teams";
                /** @description Whether the notification configuration is enabled. */
                enabled: boolean;
                /** @description List of trigger events for this notification. */
                triggers?: string[];
                /** @description The webhook URL for non-email destinations. */
                url?: string | null;
                /** @description The authentication token for the webhook. */
                token?: string | null;
                /** @description Email addresses for email-type notifications. */
                "email-addresses"?: string[] | null;
                /** @description Email addresses of users associated with this notification. */
                readonly "user-email-addresses"?: string[] | null;
                /** @description External email addresses (not associated with users) for this notification. */
                readonly "external-email-addresses"?: string[] | null;
                /** @description Responses from notification delivery attempts. */
                readonly "delivery-responses"?: Record<string, never>[];
                /** Format: date-time */
                readonly "created-at"?: string;
                /** Format: date-time */
                readonly "updated-at"?: string;
            };
            relationships?: {
                /** @description The resource (workspace, project, or team) this notification is configured for. */
                subscribable?: components["schemas"]["subscribable-has-one"];
                /** @description Users associated with this notification (for email type). */
                users?: components["schemas"]["users-has-many"];
            };
        };
        "notification-configurations-envelope": {
            data: components["schemas"]["notification-configurations"];
        };
        "email-recipient-statuses": {
            readonly id?: string;
            /** @enum {string} */
            type: "email-recipient-statuses";
            attributes: {
                /** @description The email address of the recipient */
                email?: string;
                /**
                 * Format: date-time
                 * @description The timestamp when the email was verified
                 */
                "verified-at"?: string | null;
                /**
                 * Format: date-time
                 * @description The timestamp when the email was unsubscribed
                 */
                "unsubscribed-at"?: string | null;
                /** @description The number of delivery failures for this email */
                readonly "delivery-failures-count"?: number;
                /** Format: date-time */
                readonly "created-at"?: string;
                /** Format: date-time */
                readonly "updated-at"?: string;
            };
        };
        "email-recipient-statuses-envelope": {
            data: components["schemas"]["email-recipient-statuses"];
        };
        "configurable-identifier": {
            id: string;
            /** @enum {string} */
            type: "workspaces" | "policy-sets" | "varsets";
        };
        "configurable-has-one": {
            data?: components["schemas"]["configurable-identifier"] | null;
        };
        "varsets-identifier": {
            id: string;
            /** @enum {string} */
            type: "varsets";
        };
        "varsets-has-one": {
            data?: components["schemas"]["varsets-identifier"] | null;
        };
        "workspaces-has-one": {
            data?: components["schemas"]["workspaces-identifier"] | null;
            links?: components["schemas"]["related"];
        };
        "vars-has-one": {
            data?: components["schemas"]["vars-identifier"] | null;
        };
        vars: {
            readonly id?: string;
            /** @enum {string} */
            type: "vars";
            attributes: {
                key?: string;
                value?: string | null;
                sensitive?: boolean;
                /** @enum {string} */
                category?: "terraform" | "env" | "terraform-cloud" | "policy-set";
                hcl?: boolean;
                /** Format: date-time */
                readonly "created-at"?: string;
                description?: string | null;
                "version-id"?: string;
            };
            relationships?: {
                configurable?: components["schemas"]["configurable-has-one"];
                varset?: components["schemas"]["varsets-has-one"];
                workspace?: components["schemas"]["workspaces-has-one"];
                overwritten?: components["schemas"]["vars-has-many"];
                overwriter?: components["schemas"]["vars-has-one"];
            };
            links?: {
                self?: string;
            };
        };
        "vars-envelope": {
            data: components["schemas"]["vars"];
        };
        "provider-sets": {
            readonly id?: string;
            /** @enum {string} */
            type?: "provider-sets";
            attributes?: {
                name?: string;
                description?: string | null;
                global?: boolean;
                /** Format: date-time */
                readonly "updated-at"?: string;
                /** Format: date-time */
                readonly "created-at"?: string;
                priority?: boolean;
                /**
                 * @description Accepts either `{namespace}/{provider]` or `{hostname}/{namespace}/{provider}` Values are normalized to the fully qualified form.
                 * @example registry.terraform.io/hashicorp/hcp
                 */
                "provider-source"?: string;
                /**
                 * @example provider "hcp" {
                 *       client_id = var.hcp_client_id
                 *     }
                 */
                "configuration-hcl"?: string;
            };
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
                workspaces?: components["schemas"]["workspaces-has-many"];
                projects?: components["schemas"]["projects-has-many"];
            };
        };
        "provider-sets-envelope": {
            data: components["schemas"]["provider-sets"];
        };
        "projects-identifier-array-document": {
            data: {
                /** @enum {string} */
                type: "projects";
                id: string;
            }[];
        };
        "stacks-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "stacks";
        };
        "stacks-has-many": {
            data?: components["schemas"]["stacks-identifier"][];
        } | null;
        "varset-parent-identifier": {
            id: string;
            /** @enum {string} */
            type: "organizations" | "projects";
        };
        "varset-parent-has-one": {
            data?: components["schemas"]["varset-parent-identifier"] | null;
        };
        varsets: {
            readonly id?: string;
            /** @enum {string} */
            type?: "varsets";
            attributes?: {
                name?: string;
                description?: string | null;
                global?: boolean;
                /** Format: date-time */
                readonly "updated-at"?: string;
                readonly "var-count"?: number;
                readonly "workspace-count"?: number;
                readonly "project-count"?: number;
                readonly "stack-count"?: number;
                priority?: boolean;
                readonly permissions?: {
                    "can-update"?: boolean;
                };
            };
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
                vars?: {
                    data?: {
                        id?: string;
                        /** @enum {string} */
                        type?: "vars";
                        attributes?: {
                            key?: string;
                            value?: string | null;
                            /** @enum {string} */
                            category?: "terraform" | "env";
                        };
                    }[];
                };
                workspaces?: components["schemas"]["workspaces-has-many"];
                projects?: components["schemas"]["projects-has-many"];
                stacks?: components["schemas"]["stacks-has-many"];
                parent?: components["schemas"]["varset-parent-has-one"];
            };
        };
        "varsets-envelope": {
            data: components["schemas"]["varsets"];
        };
        "jsonapi-resource-identifier": {
            type: string;
            id: string;
        };
        "jsonapi-identifier-array-document": {
            data: components["schemas"]["jsonapi-resource-identifier"][];
        };
        "workspace-resource": {
            /** @description The ID of the workspace resource */
            readonly id: string;
            /** @enum {string} */
            type: "resources";
            attributes: {
                /** @description The full address of the resource in Terraform configuration */
                address?: string;
                /** @description The name of the resource */
                name?: string;
                /**
                 * Format: date-time
                 * @description The timestamp when the resource was first created
                 */
                readonly "created-at"?: string | null;
                /**
                 * Format: date-time
                 * @description The timestamp when the resource was last updated
                 */
                readonly "updated-at"?: string | null;
                /** @description The module name where the resource is defined (e.g., "root" for root module) */
                module?: string | null;
                /** @description The provider name (e.g., "hashicorp/random") */
                provider?: string | null;
                /** @description The resource type from the provider (e.g., "random_pet") */
                "provider-type"?: string | null;
                /** @description The ID of the state version that last modified this resource */
                readonly "modified-by-state-version-id"?: string | null;
                /** @description The index of the resource when there are multiple instances with the same name */
                "name-index"?: string | null;
            };
        };
        "action-reason": {
            /** @description An optional reason for locking the workspace. */
            reason?: string | null;
        };
        "ssh-keys-nullable-identifier-document": {
            data: {
                /** @enum {string} */
                type?: "ssh-keys";
                id?: string | null;
            } | null;
        };
        "workspace-vars-update-document": {
            data: {
                /** @enum {string} */
                type: "vars";
                id: string;
                attributes?: {
                    key?: string;
                    value?: string | null;
                    sensitive?: boolean;
                    /** @enum {string} */
                    category?: "terraform" | "env";
                    hcl?: boolean;
                    description?: string | null;
                };
            }[];
        };
        "tags-create-array-document": {
            data: {
                /** @enum {string} */
                type: "tags";
                id?: string;
                attributes?: {
                    name?: string;
                };
            }[];
        };
        "tags-remove-array-document": {
            data: {
                /** @enum {string} */
                type: "tags";
                id: string;
            }[];
        };
        "hyok-encrypted-data-keys-identifier": {
            id: string;
            /** @enum {string} */
            type: "hyok-encrypted-data-keys";
        };
        "hyok-encrypted-data-keys-has-one": {
            data?: components["schemas"]["hyok-encrypted-data-keys-identifier"] | null;
        };
        "state-version-outputs-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "state-version-outputs";
        };
        "state-version-outputs-has-many": {
            data?: components["schemas"]["state-version-outputs-identifier"][];
        } | null;
        "state-versions": {
            readonly id?: string;
            /** @enum {string} */
            type: "state-versions";
            attributes?: {
                /** Format: date-time */
                readonly "created-at"?: string;
                readonly size?: number | null;
                readonly "hosted-state-download-url"?: string | null;
                readonly "hosted-json-state-download-url"?: string | null;
                readonly "hosted-state-upload-url"?: string | null;
                readonly "hosted-json-state-upload-url"?: string | null;
                readonly "encrypted-state-download-url"?: string | null;
                readonly "sanitized-state-download-url"?: string | null;
                readonly "sanitized-state-upload-url"?: string | null;
                readonly modules?: {
                    [key: string]: unknown;
                } | null;
                readonly providers?: {
                    [key: string]: unknown;
                } | null;
                readonly resources?: {
                    name?: string;
                    type?: string;
                    count?: number;
                    module?: string;
                    provider?: string;
                }[] | null;
                readonly "resources-processed"?: boolean;
                serial?: number;
                md5?: string;
                lineage?: string;
                state?: string;
                "json-state"?: string;
                "json-state-outputs"?: string;
                force?: boolean;
                readonly "state-version"?: number | null;
                /** @enum {string} */
                readonly status?: "pending" | "finalized" | "discarded" | "backing_data_soft_deleted" | "backing_data_permanently_deleted";
                readonly "terraform-version"?: string | null;
                readonly "vcs-commit-url"?: string | null;
                readonly "vcs-commit-sha"?: string | null;
                readonly intermediate?: boolean;
                readonly "billable-rum-count"?: number | null;
                readonly permissions?: {
                    readonly "can-restore-backing-data"?: boolean;
                };
            };
            relationships?: {
                run?: components["schemas"]["runs-has-one"];
                "rollback-state-version"?: components["schemas"]["state-versions-has-one"];
                "next-state-version"?: components["schemas"]["state-versions-has-one"];
                "previous-state-version"?: components["schemas"]["state-versions-has-one"];
                "created-by"?: components["schemas"]["users-has-one"];
                workspace?: components["schemas"]["workspaces-has-one"];
                "hyok-encrypted-data-key"?: components["schemas"]["hyok-encrypted-data-keys-has-one"];
                outputs?: components["schemas"]["state-version-outputs-has-many"];
            };
            links?: components["schemas"]["self"];
        };
        "current-state-version-envelope": {
            data: components["schemas"]["state-versions"];
            included?: Record<string, never>[];
        };
        "assessment-source-identifier": {
            id: string;
            /** @enum {string} */
            type: "assessments" | "plans";
        };
        "assessment-source-has-one": {
            data?: components["schemas"]["assessment-source-identifier"];
            links?: components["schemas"]["related"];
        };
        "assessment-results": {
            /** @example asmtres-8F5JFydVYAmtTjET */
            id: string;
            /** @enum {string} */
            type: "assessment-results";
            attributes: {
                /** @description Whether the assessment completed successfully */
                succeeded?: boolean;
                /** @description Whether all health checks passed */
                "all-checks-succeeded"?: boolean;
                /** @description Number of health checks that errored */
                "checks-errored"?: number | null;
                /** @description Number of health checks that failed */
                "checks-failed"?: number | null;
                /** @description Number of health checks that passed */
                "checks-passed"?: number | null;
                /** @description Number of health checks with unknown status */
                "checks-unknown"?: number | null;
                /**
                 * Format: date-time
                 * @description Timestamp when the assessment result was created
                 */
                "created-at"?: string;
                /** @description Whether drift was detected */
                drifted?: boolean;
                /** @description Error message if the assessment failed */
                "error-message"?: string | null;
                /** @description Number of resources that have drifted */
                "resources-drifted"?: number | null;
                /** @description Number of resources that have not drifted */
                "resources-undrifted"?: number | null;
            };
            relationships?: {
                /** @description The workspace this assessment result belongs to */
                workspace?: components["schemas"]["workspaces-has-one"];
                /** @description The source assessment or plan that produced this result. */
                source?: components["schemas"]["assessment-source-has-one"];
            };
            links?: {
                /** @description API URL for this assessment result */
                self?: string;
                /** @description API URL for the JSON formatted assessment output (available when assessment succeeded) */
                "json-output"?: string | null;
                /** @description API URL for the JSON schema of this assessment (available when assessment succeeded) */
                "json-schema"?: string | null;
                /** @description API URL for the sanitized plan (available when HYOK is enabled and assessment succeeded) */
                "sanitized-plan"?: string | null;
                /** @description API URL to read the logs for this assessment */
                "log-output"?: string;
            };
        };
        "assessment-results-envelope": {
            data: components["schemas"]["assessment-results"];
        };
        "applies-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "applies";
        };
        "applies-has-one": {
            data?: components["schemas"]["applies-identifier"];
            links?: components["schemas"]["related"];
        };
        "cost-estimates-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "cost-estimates";
        };
        "cost-estimates-has-one": {
            data?: components["schemas"]["cost-estimates-identifier"] | null;
            links?: components["schemas"]["related"];
        };
        "plans-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "plans";
        };
        "plans-has-one": {
            data?: components["schemas"]["plans-identifier"];
            links?: components["schemas"]["related"];
        };
        "run-events-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "run-events";
        };
        "run-events-has-many": {
            data?: components["schemas"]["run-events-identifier"][];
        } | null;
        "task-stages-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "task-stages";
        };
        "task-stages-has-many": {
            data?: components["schemas"]["task-stages-identifier"][];
        } | null;
        "policy-checks-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "policy-checks";
        };
        "policy-checks-has-many": {
            data?: components["schemas"]["policy-checks-identifier"][];
        } | null;
        "workspace-comments-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "workspace-comments";
        };
        "workspace-comments-has-many": {
            data?: components["schemas"]["workspace-comments-identifier"][];
        } | null;
        "tf-policy-evaluations-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "tf-policy-evaluations";
        };
        "tf-policy-evaluations-has-many": {
            data?: components["schemas"]["tf-policy-evaluations-identifier"][];
        } | null;
        runs: {
            readonly id?: string;
            /** @enum {string} */
            type: "runs";
            attributes: {
                actions?: {
                    "is-cancelable"?: boolean;
                    "is-confirmable"?: boolean;
                    "is-discardable"?: boolean;
                    "is-force-cancelable"?: boolean;
                };
                "allow-config-generation"?: boolean;
                "allow-empty-apply"?: boolean;
                "auto-apply"?: boolean;
                comment?: string;
                /** Format: date-time */
                readonly "canceled-at"?: string | null;
                /** Format: date-time */
                readonly "created-at"?: string;
                "debugging-mode"?: boolean;
                "has-changes"?: boolean;
                "is-destroy"?: boolean;
                message?: string;
                "plan-only"?: boolean;
                refresh?: boolean;
                "refresh-only"?: boolean;
                "replace-addrs"?: string[] | null;
                "save-plan"?: boolean;
                source?: string;
                "status-timestamps"?: {
                    /** Format: date-time */
                    "fetching-at"?: string;
                    /** Format: date-time */
                    "fetched-at"?: string;
                    /** Format: date-time */
                    "pre-plan-running-at"?: string;
                    /** Format: date-time */
                    "pre-plan-completed-at"?: string;
                    /** Format: date-time */
                    "plan-queued-at"?: string;
                    /** Format: date-time */
                    "planning-at"?: string;
                    /** Format: date-time */
                    "planned-at"?: string;
                    /**
                     * Format: date-time
                     * @description This attribute is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
                     */
                    "tf-policy-checked-at"?: string;
                    /**
                     * Format: date-time
                     * @description This attribute is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
                     */
                    "tf-policy-override-at"?: string;
                    /** Format: date-time */
                    "post-plan-running-at"?: string;
                    /** Format: date-time */
                    "post-plan-completed-at"?: string;
                    /** Format: date-time */
                    "cost-estimating-at"?: string;
                    /** Format: date-time */
                    "cost-estimated-at"?: string;
                    /** Format: date-time */
                    "policy-soft-failed-at"?: string;
                    /** Format: date-time */
                    "policy-checked-at"?: string;
                    /** Format: date-time */
                    "confirmed-at"?: string;
                    /** Format: date-time */
                    "planned-and-finished-at"?: string;
                    /** Format: date-time */
                    "planned-and-saved-at"?: string;
                    /** Format: date-time */
                    "pre-apply-running-at"?: string;
                    /** Format: date-time */
                    "pre-apply-completed-at"?: string;
                    /** Format: date-time */
                    "apply-queued-at"?: string;
                    /** Format: date-time */
                    "applying-at"?: string;
                    /** Format: date-time */
                    "post-apply-completed-at"?: string;
                    /** Format: date-time */
                    "applied-at"?: string;
                    /** Format: date-time */
                    "post-apply-running-at"?: string;
                    /** Format: date-time */
                    "discarded-at"?: string;
                    /** Format: date-time */
                    "errored-at"?: string;
                    /** Format: date-time */
                    "canceled-at"?: string;
                    /** Format: date-time */
                    "force-canceled-at"?: string;
                    /** Format: date-time */
                    "assessed-at"?: string;
                    /** Format: date-time */
                    "queuing-at"?: string;
                    /** Format: date-time */
                    "queuing-apply-at"?: string;
                };
                /**
                 * @description The current status of the run.
                 *
                 *     **Note:** The following status values are in public-beta:
                 *     - `tf_policy_checked` - Terraform Policy evaluation completed at plan stage
                 *     - `tf_policy_override` - Terraform Policy evaluation was overridden at plan stage
                 * @enum {string}
                 */
                status?: "pending" | "fetching" | "fetching_completed" | "pre_plan_running" | "pre_plan_completed" | "pre_plan_awaiting_decision" | "queuing" | "plan_queued" | "planning" | "planned" | "tf_policy_checked" | "tf_policy_override" | "post_plan_running" | "post_plan_completed" | "cost_estimating" | "cost_estimated" | "policy_checking" | "policy_override" | "policy_soft_failed" | "policy_checked" | "confirmed" | "pre_apply_running" | "pre_apply_completed" | "queuing_apply" | "apply_queued" | "applying" | "post_apply_running" | "post_apply_completed" | "applied" | "discarded" | "errored" | "canceled" | "planned_and_finished" | "planned_and_saved" | "assessing" | "assessed";
                "target-addrs"?: string[] | null;
                "trigger-reason"?: string;
                "terraform-version"?: string;
                /** Format: date-time */
                readonly "updated-at"?: string;
                "triggering-source-name"?: string | null;
                "policy-paths"?: string[] | null;
                "invoke-action-addrs"?: string[] | null;
                permissions?: {
                    "can-apply"?: boolean;
                    "can-cancel"?: boolean;
                    "can-comment"?: boolean;
                    "can-discard"?: boolean;
                    "can-force-execute"?: boolean;
                    "can-force-cancel"?: boolean;
                    "can-override-policy-check"?: boolean;
                };
                variables?: {
                    key?: string;
                    value?: string;
                }[];
                /** Format: date-time */
                readonly "force-cancel-available-at"?: string;
            };
            relationships?: {
                workspace?: components["schemas"]["workspaces-has-one"];
                "triggering-source"?: components["schemas"]["workspaces-has-one"];
                "triggering-run"?: components["schemas"]["runs-has-one"];
                apply?: components["schemas"]["applies-has-one"];
                "canceled-by"?: components["schemas"]["users-has-one"];
                "configuration-version"?: components["schemas"]["configuration-versions-has-one"];
                "confirmed-by"?: components["schemas"]["users-has-one"];
                "cost-estimate"?: components["schemas"]["cost-estimates-has-one"];
                "created-by"?: components["schemas"]["users-has-one"];
                plan?: components["schemas"]["plans-has-one"];
                "run-events"?: components["schemas"]["run-events-has-many"];
                "task-stages"?: components["schemas"]["task-stages-has-many"];
                "policy-checks"?: components["schemas"]["policy-checks-has-many"];
                "run-trigger-snapshots"?: components["schemas"]["links_related"];
                comments?: components["schemas"]["workspace-comments-has-many"];
                /** @description This relationship is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users. */
                "tf-policy-evaluations"?: components["schemas"]["tf-policy-evaluations-has-many"];
            };
        };
        "runs-envelope": {
            data: components["schemas"]["runs"];
        };
        "ingress-attributes-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "ingress-attributes";
        };
        "ingress-attributes-has-one": {
            data?: components["schemas"]["ingress-attributes-identifier"] | null;
            links?: components["schemas"]["related"];
        };
        "configuration-versions": {
            readonly id?: string;
            /** @enum {string} */
            type: "configuration-versions";
            attributes: {
                "auto-queue-runs"?: boolean;
                error?: string | null;
                "error-message"?: string | null;
                source?: string | null;
                speculative?: boolean;
                /** @enum {string} */
                status?: "pending" | "fetching" | "uploaded" | "archived" | "errored" | "backing_data_soft_deleted" | "backing_data_permanently_deleted";
                "status-timestamps"?: {
                    /** Format: date-time */
                    "fetching-at"?: string | null;
                    /** Format: date-time */
                    "uploaded-at"?: string | null;
                    /** Format: date-time */
                    "errored-at"?: string | null;
                    /** Format: date-time */
                    "archived-at"?: string | null;
                    /** Format: date-time */
                    "soft-delete-backing-data-at"?: string | null;
                    /** Format: date-time */
                    "restore-backing-data-at"?: string | null;
                    /** Format: date-time */
                    "permanently-delete-backing-data-at"?: string | null;
                };
                provisional?: boolean;
                readonly "upload-url"?: string | null;
            };
            relationships?: {
                "ingress-attributes"?: components["schemas"]["ingress-attributes-has-one"];
            };
            links?: {
                self?: string;
                download?: string;
            };
        };
        "configuration-versions-envelope": {
            data: components["schemas"]["configuration-versions"];
        };
        "run-events-has-one": {
            data?: components["schemas"]["run-events-identifier"];
            links?: components["schemas"]["related"];
        };
        comments: {
            readonly id?: string;
            /** @enum {string} */
            type: "comments";
            attributes: {
                body?: string;
            };
            relationships?: {
                "run-event"?: components["schemas"]["run-events-has-one"];
            };
        };
        "comments-envelope": {
            data: components["schemas"]["comments"];
        };
        "action-comment": {
            comment?: string | null;
        };
        "run-triggers": {
            readonly id?: string;
            /** @enum {string} */
            type: "run-triggers";
            attributes: {
                "workspace-name"?: string;
                "sourceable-name"?: string;
                /** Format: date-time */
                readonly "created-at"?: string;
            };
            relationships?: {
                workspace?: components["schemas"]["workspaces-has-one"];
                sourceable?: components["schemas"]["workspaces-has-one"];
            };
            links?: components["schemas"]["self"];
        };
        "run-triggers-envelope": {
            data: components["schemas"]["run-triggers"];
        };
        "pagination-without-totals": {
            "current-page"?: number;
            "page-size"?: number;
            "prev-page"?: number | null;
            "next-page"?: number | null;
        };
        "state-versions-has-many": {
            data?: components["schemas"]["state-versions-identifier"][];
        } | null;
        "plan-exports-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "plan-exports";
        };
        "plan-exports-has-many": {
            data?: components["schemas"]["plan-exports-identifier"][];
        } | null;
        plans: {
            /** @example plan-8F5JFydVYAmtTjET */
            id: string;
            /** @enum {string} */
            type: "plans";
            attributes: {
                /** @description Details about the execution of this plan. Null if plan has not started. */
                "execution-details"?: {
                    /**
                     * @description Execution mode of the run
                     * @enum {string}
                     */
                    mode?: "remote" | "agent" | "local";
                    /**
                     * @description ID of the agent used for this run (when mode is agent)
                     *
                     *     This attribute is only available in HCP Terraform.
                     * @example agent-S1Y7tcKxXPJDQAvq
                     */
                    "agent-id"?: string;
                    /**
                     * @description Name of the agent used for this run (when mode is agent)
                     *
                     *     This attribute is only available in HCP Terraform.
                     * @example agent_01
                     */
                    "agent-name"?: string;
                    /**
                     * @description ID of the agent pool used for this run (when mode is agent)
                     *
                     *     This attribute is only available in HCP Terraform.
                     * @example apool-Zigq2VGreKq7nwph
                     */
                    "agent-pool-id"?: string;
                    /**
                     * @description Name of the agent pool used for this run (when mode is agent)
                     *
                     *     This attribute is only available in HCP Terraform.
                     * @example first-pool
                     */
                    "agent-pool-name"?: string;
                } | null;
                /**
                 * @description Whether the plan generated new configuration as part of this run
                 * @default false
                 */
                "generated-configuration": boolean | null;
                /** @description Whether the plan has any changes */
                "has-changes"?: boolean;
                /** @description Number of resources that will be added */
                "resource-additions"?: number | null;
                /** @description Number of resources that will be changed */
                "resource-changes"?: number | null;
                /** @description Number of resources that will be destroyed */
                "resource-destructions"?: number | null;
                /** @description Number of resources that will be imported */
                "resource-imports"?: number | null;
                /** @description Whether structured run output is enabled */
                "structured-run-output-enabled"?: boolean | null;
                /**
                 * @description Current status of the plan
                 * @enum {string}
                 */
                status?: "pending" | "managed_queued" | "queued" | "running" | "errored" | "canceled" | "finished" | "unreachable";
                /** @description Timestamps for state transitions of the plan */
                "status-timestamps"?: {
                    /** Format: date-time */
                    "queued-at"?: string | null;
                    /** Format: date-time */
                    "pending-at"?: string | null;
                    /** Format: date-time */
                    "started-at"?: string | null;
                    /** Format: date-time */
                    "finished-at"?: string | null;
                };
                /** @description URL to read the logs for this plan */
                "log-read-url"?: string | null;
                /** @description Actions available for this plan */
                actions?: {
                    /** @description Whether the plan can be exported */
                    "is-exportable"?: boolean;
                };
                /** @description Permissions for the current user related to this plan */
                permissions?: {
                    /** @description Whether the current user can export the plan */
                    "can-export"?: boolean;
                } | null;
            };
            relationships?: {
                /** @description State versions associated with this plan (for TF <= 0.8) */
                "state-versions"?: components["schemas"]["state-versions-has-many"];
                /** @description Exports associated with this plan */
                exports?: components["schemas"]["plan-exports-has-many"];
                /**
                 * @description HYOK encrypted data key associated with this plan
                 *
                 *     This relationship is only available in HCP Terraform.
                 */
                "hyok-encrypted-data-key"?: components["schemas"]["hyok-encrypted-data-keys-has-one"];
            };
            links?: {
                /** @description API URL for this plan */
                self?: string;
                /** @description API URL for the JSON formatted execution plan (available for Terraform 0.12+) */
                "json-output"?: string | null;
                /** @description API URL for the redacted JSON formatted execution plan (available for Terraform 0.15.2+) */
                "json-output-redacted"?: string | null;
                /** @description API URL for the JSON schema of this plan (available for Terraform 0.12+) */
                "json-schema"?: string | null;
                /** @description API URL for the sanitized plan (available when HYOK is enabled and with compatible Terraform version) */
                "sanitized-plan"?: string | null;
            };
        };
        "plans-envelope": {
            data: components["schemas"]["plans"];
        };
        "policy-sets-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "policy-sets";
        };
        "policy-sets-has-many": {
            data?: components["schemas"]["policy-sets-identifier"][];
        } | null;
        policies: {
            readonly id?: string;
            /** @enum {string} */
            type: "policies";
            attributes?: {
                /** @description The name of the policy. */
                name?: string;
                /** @description Text describing the policy's purpose. Supports Markdown. */
                description?: string | null;
                /**
                 * @description The policy-as-code framework for the policy.
                 * @enum {string}
                 */
                kind?: "sentinel" | "opa";
                /** @description The OPA query to run. Only present for OPA policies. */
                query?: string | null;
                /**
                 * @description The enforcement level of the policy. For Sentinel, valid values are hard-mandatory, soft-mandatory, and advisory. For OPA, valid values are mandatory and advisory.
                 * @enum {string}
                 */
                "enforcement-level"?: "hard-mandatory" | "soft-mandatory" | "advisory" | "mandatory";
                /** @description DEPRECATED: Use enforcement-level instead. An array of enforcement configurations mapping policy file paths to their enforcement modes. */
                enforce?: {
                    path?: string;
                    mode?: string;
                }[];
                /** @description The number of policy sets that include this policy. */
                readonly "policy-set-count"?: number;
                /**
                 * Format: date-time
                 * @description The time of the most recent policy code upload.
                 */
                readonly "updated-at"?: string | null;
            };
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
                "policy-sets"?: components["schemas"]["policy-sets-has-many"];
            };
        };
        "policies-envelope": {
            data: components["schemas"]["policies"];
        };
        "policy-checks": {
            readonly id?: string;
            /** @enum {string} */
            type: "policy-checks";
            attributes: {
                /** @description The result of the policy evaluation. Null until the policy check completes. The `sentinel` key contains low-level Sentinel details and its structure may change over time. */
                result?: {
                    result?: boolean;
                    passed?: number;
                    "total-failed"?: number;
                    "hard-failed"?: number;
                    "soft-failed"?: number;
                    "advisory-failed"?: number;
                    "duration-ms"?: number;
                    sentinel?: {
                        [key: string]: unknown;
                    } | null;
                } | null;
                /** @description The scope of policies evaluated in this check (e.g. "organization"). */
                scope?: string;
                /** @enum {string} */
                status?: "pending" | "queued" | "passed" | "soft_failed" | "hard_failed" | "overridden" | "errored" | "canceled" | "unreachable";
                "status-timestamps"?: {
                    /** Format: date-time */
                    "queued-at"?: string | null;
                    /** Format: date-time */
                    "passed-at"?: string | null;
                    /** Format: date-time */
                    "soft-failed-at"?: string | null;
                    /** Format: date-time */
                    "hard-failed-at"?: string | null;
                    /** Format: date-time */
                    "overridden-at"?: string | null;
                    /** Format: date-time */
                    "errored-at"?: string | null;
                    /** Format: date-time */
                    "canceled-at"?: string | null;
                };
                actions?: {
                    "is-overridable"?: boolean;
                };
                permissions?: {
                    "can-override"?: boolean;
                };
            };
            relationships?: {
                run?: components["schemas"]["runs-has-one"];
            };
            links?: {
                /** @description URL to download the policy check output log. */
                output?: string | null;
                /** @description URL to override a soft-failed policy check. Only present when the check is overridable. */
                override?: string | null;
            };
        };
        "policy-checks-envelope": {
            data: components["schemas"]["policy-checks"];
        };
        "tf-policy-set-outcomes-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "tf-policy-set-outcomes";
        };
        "tf-policy-set-outcomes-has-many": {
            data?: components["schemas"]["tf-policy-set-outcomes-identifier"][];
        } | null;
        /** @description Represents a Terraform Policy evaluation for a run. Coordinates the evaluation of multiple policy sets and aggregates their results. Each evaluation is associated with a specific stage (Setup or Plan or Apply) in the run lifecycle. */
        "tf-policy-evaluation": {
            readonly id?: string;
            /** @enum {string} */
            type: "tf-policy-evaluations";
            attributes: {
                /**
                 * @description Current status of the Terraform policy evaluation. Status values:
                 *     - `pending`: Initial state, not yet queued for evaluation
                 *     - `queued`: Queued and waiting to be evaluated
                 *     - `running`: Actively being evaluated
                 *     - `awaiting_override`: Failed with overridable policies, awaiting manual override
                 *     - `passed`: All policies passed (final state)
                 *     - `failed`: Failed with mandatory policies (final state)
                 *     - `overridden`: Failed evaluation manually overridden (final state)
                 *     - `errored`: System error during processing (final state)
                 *     - `canceled`: Canceled before completion (final state)
                 *     - `unreachable`: Pseudo-state derived from run state
                 * @enum {string}
                 */
                status?: "pending" | "queued" | "running" | "awaiting_override" | "passed" | "failed" | "overridden" | "errored" | "canceled" | "unreachable";
                /** @description The type of stage this evaluation is associated with (e.g., 'Plan', 'Apply', 'Init') */
                "stage-type"?: string;
                /** @description Timestamps for each status transition during the evaluation lifecycle */
                "status-timestamps"?: {
                    /**
                     * Format: date-time
                     * @description When the evaluation entered pending status
                     */
                    "pending-at"?: string | null;
                    /**
                     * Format: date-time
                     * @description When the evaluation was queued for processing
                     */
                    "queued-at"?: string | null;
                    /**
                     * Format: date-time
                     * @description When the evaluation started running
                     */
                    "running-at"?: string | null;
                    /**
                     * Format: date-time
                     * @description When the evaluation entered awaiting override status (for failed mandatory policies)
                     */
                    "awaiting-override-at"?: string | null;
                    /**
                     * Format: date-time
                     * @description When the evaluation passed successfully
                     */
                    "passed-at"?: string | null;
                    /**
                     * Format: date-time
                     * @description When the evaluation failed
                     */
                    "failed-at"?: string | null;
                    /**
                     * Format: date-time
                     * @description When a failed evaluation was overridden
                     */
                    "overridden-at"?: string | null;
                    /**
                     * Format: date-time
                     * @description When the evaluation encountered an error
                     */
                    "errored-at"?: string | null;
                    /**
                     * Format: date-time
                     * @description When the evaluation was canceled
                     */
                    "canceled-at"?: string | null;
                };
                /**
                 * Format: date-time
                 * @description When the evaluation was created
                 */
                readonly "created-at"?: string;
                /**
                 * Format: date-time
                 * @description When the evaluation was last updated
                 */
                readonly "updated-at"?: string;
                /** @description Aggregated counts of policy results across all policy sets in this evaluation */
                "result-count"?: {
                    /** @description Total number of policies with advisory enforcement level that failed across all policy sets */
                    "advisory-failed"?: number;
                    /** @description Total number of policies with mandatory or mandatory-overridable enforcement level that failed across all policy sets */
                    "mandatory-failed"?: number;
                    /** @description Total number of policies that passed across all policy sets */
                    passed?: number;
                    /** @description Total number of policies that encountered errors during evaluation across all policy sets */
                    errored?: number;
                    /** @description Total number of policies with unknown evaluation results across all policy sets */
                    unknown?: number;
                };
                /** @description Error information if the entire evaluation failed (not policy-specific errors) */
                error?: {
                    /**
                     * @description Error type identifier indicating the category of failure
                     * @enum {string}
                     */
                    type?: "setup_error" | "incompatible_agent_version";
                    /** @description Brief error summary for display */
                    summary?: string;
                    /** @description Detailed error message with additional context */
                    detail?: string;
                } | null;
                /**
                 * @deprecated
                 * @description Deprecated. Always `true`.
                 */
                "organized-log"?: boolean;
                /** @description User permissions for this evaluation */
                permissions?: {
                    /** @description Whether the current user has permission to override failed policies */
                    "can-override"?: boolean;
                };
                /** @description Available actions for this evaluation */
                actions?: {
                    /** @description Whether this evaluation can be overridden (based on policy enforcement levels and current status) */
                    "is-overridable"?: boolean;
                };
            };
            relationships?: {
                /** @description The run that this policy evaluation belongs to */
                run?: components["schemas"]["runs-has-one"];
                /** @description The Terraform policy set outcomes that are part of this evaluation */
                "tf-policy-set-outcomes"?: components["schemas"]["tf-policy-set-outcomes-has-many"];
            };
            links?: {
                self?: string;
            };
        };
        "tf-policy-evaluations-envelope": {
            data: components["schemas"]["tf-policy-evaluation"];
        };
        "tf-policy-evaluations-has-one": {
            data?: components["schemas"]["tf-policy-evaluations-identifier"];
            links?: components["schemas"]["related"];
        };
        /** @description Represents the outcome of evaluating a Terraform Policy set against resources in a run. Contains detailed diagnostics organized by policy and enforce block, including information about resources that passed or failed policy evaluation. */
        "tf-policy-set-outcome": {
            readonly id?: string;
            /** @enum {string} */
            type: "tf-policy-set-outcomes";
            attributes: {
                /** @description List of policy outcomes, each representing the evaluation result of a single policy within the policy set */
                outcomes?: {
                    /** @description The name of the policy */
                    policy_name?: string;
                    /** @description The description of the policy */
                    description?: string;
                    /** @description The filename of the policy */
                    file_name?: string;
                    /**
                     * @description The enforcement level of the policy
                     * @enum {string}
                     */
                    enforcement_level?: "advisory" | "mandatory" | "mandatory_overridable";
                    /**
                     * @description The evaluation status of the policy
                     * @enum {string}
                     */
                    status?: "passed" | "failed" | "errored" | "unknown";
                    /** @description List of diagnostic entries grouped by enforce block */
                    diagnostics?: {
                        /** @description Code snippet from the policy file showing the enforce block that was evaluated */
                        code?: string;
                        /** @description The policy declaration context (e.g., 'resource_policy "aws_s3_bucket" "test"') */
                        context?: string | null;
                        /** @description Line number where the enforce block starts in the policy file */
                        start_line?: number | null;
                        /** @description Human-readable summary of the diagnostic, typically the policy declaration */
                        summary?: string;
                        /** @description Error message for the enforce block when not specific to a resource */
                        error_message?: string | null;
                        /** @description List of Terraform resources that failed this enforce block's condition */
                        resources?: {
                            /** @description The Terraform resource address (e.g., 'aws_s3_bucket.example') */
                            resource_name?: string;
                            /** @description Specific error message explaining why this resource failed the policy check */
                            error_message?: string | null;
                            /** @description Policy-provided informational log message for debugging about this resource's evaluation */
                            info_message?: string | null;
                            /** @description Terraform configuration file containing this resource (e.g., 'main.tf') */
                            file_name?: string | null;
                            /** @description Code snippet from the Terraform configuration showing the resource declaration */
                            code?: string | null;
                            /** @description Line number where the resource is defined in the Terraform configuration file */
                            start_line?: number | null;
                            /** @description List of attribute evaluations showing the actual values that caused the policy failure */
                            values?: {
                                /** @description The attribute path that was evaluated */
                                traversal?: string;
                                /** @description The actual value of the attribute that was evaluated */
                                statement?: string;
                            }[] | null;
                        }[] | null;
                    }[] | null;
                    /** @description List of Terraform resources that passed all enforce blocks in this policy */
                    passed_resources?: {
                        /** @description The Terraform resource address (e.g., 'aws_s3_bucket.compliant') */
                        resource_name?: string;
                        /** @description List of informational messages from enforce blocks that this resource passed */
                        info_messages?: string[] | null;
                    }[] | null;
                }[] | null;
                /** @description Indicates if the policy set outcome can be overridden when policies fail */
                overridable?: boolean;
                /** @description Name of the policy set that was evaluated */
                "policy-set-name"?: string;
                /** @description Optional description of the policy set */
                "policy-set-description"?: string | null;
                "result-count"?: {
                    /** @description Number of policies with advisory enforcement level that failed */
                    "advisory-failed"?: number;
                    /** @description Number of policies with mandatory or mandatory-overridable enforcement level that failed */
                    "mandatory-failed"?: number;
                    /** @description Number of policies that passed */
                    passed?: number;
                    /** @description Number of policies that encountered errors during evaluation */
                    errored?: number;
                    /** @description Number of policies with unknown evaluation results (e.g., due to unknown Terraform values) */
                    unknown?: number;
                };
            };
            relationships?: {
                "tf-policy-evaluation"?: components["schemas"]["tf-policy-evaluations-has-one"];
            };
        };
        "tf-policy-set-outcomes-envelope": {
            data: components["schemas"]["tf-policy-set-outcome"];
        };
        "policy-set-versions-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "policy-set-versions";
        };
        "policy-set-versions-has-one": {
            data?: components["schemas"]["policy-set-versions-identifier"] | null;
            links?: components["schemas"]["related"];
        };
        "policies-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "policies";
        };
        "policies-has-many": {
            data?: components["schemas"]["policies-identifier"][];
        } | null;
        "policy-sets": {
            readonly id?: string;
            /** @enum {string} */
            type: "policy-sets";
            attributes?: {
                name?: string;
                description?: string | null;
                global?: boolean;
                readonly "workspace-count"?: number;
                readonly "project-count"?: number;
                readonly versioned?: boolean;
                /**
                 * @description The kind of policies contained in this policy set.
                 *
                 *     **Note:** The following kind values are in public-beta:
                 *     - `tfpolicy` - Terraform Policy enforcement
                 * @enum {string}
                 */
                kind?: "sentinel" | "opa" | "tfpolicy";
                "agent-enabled"?: boolean;
                "policy-tool-version"?: string | null;
                overridable?: boolean | null;
                readonly "policy-count"?: number;
                "policies-path"?: string | null;
                "vcs-repo"?: {
                    branch?: string | null;
                    identifier?: string;
                    "display-identifier"?: string | null;
                    "oauth-token-id"?: string | null;
                    "github-app-installation-id"?: string | null;
                    "ingress-submodules"?: boolean;
                    "webhook-url"?: string | null;
                    "repository-http-url"?: string | null;
                    "service-provider"?: string | null;
                } | null;
                "policy-update-patterns"?: string[];
                /** @description This attribute is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users. */
                "tag-selectors"?: {
                    "tag-key": string;
                    "tag-value": string | null;
                    "is-exclude": boolean;
                }[];
                /**
                 * @description Scoping mode for the policy set. "tag" is dynamic tag-based scoping. "explicit" uses explicit workspace/project associations.
                 *
                 *     This attribute is considered BETA, is SUBJECT TO CHANGE, and may be unavailable to some users.
                 * @enum {string}
                 */
                "scoping-type"?: "tag" | "explicit";
                /** Format: date-time */
                readonly "created-at"?: string;
                /** Format: date-time */
                readonly "updated-at"?: string;
            };
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
                "current-version"?: components["schemas"]["policy-set-versions-has-one"];
                "newest-version"?: components["schemas"]["policy-set-versions-has-one"];
                policies?: components["schemas"]["policies-has-many"];
                workspaces?: components["schemas"]["workspaces-has-many"];
                projects?: components["schemas"]["projects-has-many"];
                "workspace-exclusions"?: components["schemas"]["workspaces-has-many"];
                "project-exclusions"?: components["schemas"]["projects-has-many"];
            };
            links?: {
                self?: string;
            };
        };
        "policy-sets-envelope": {
            data: components["schemas"]["policy-sets"];
        };
        "policies-identifier-array-document": {
            data: {
                /** @enum {string} */
                type: "policies";
                id: string;
            }[];
        };
        "policy-sets-has-one": {
            data?: components["schemas"]["policy-sets-identifier"];
            links?: components["schemas"]["related"];
        };
        "policy-set-versions": {
            readonly id?: string;
            /** @enum {string} */
            type: "policy-set-versions";
            attributes: {
                source?: string | null;
                /** @enum {string} */
                status?: "pending" | "ingressing" | "ready" | "errored" | "canceled";
                "status-timestamps"?: {
                    /** Format: date-time */
                    "pending-at"?: string;
                    /** Format: date-time */
                    "ingressing-at"?: string;
                    /** Format: date-time */
                    "ready-at"?: string;
                    /** Format: date-time */
                    "errored-at"?: string;
                    /** Format: date-time */
                    "canceled-at"?: string;
                } | null;
                error?: string | null;
                "error-message"?: string | null;
                "ingress-attributes"?: {
                    "commit-sha"?: string | null;
                    "commit-url"?: string | null;
                    identifier?: string | null;
                } | null;
                /** Format: date-time */
                readonly "created-at"?: string;
                /** Format: date-time */
                readonly "updated-at"?: string;
            };
            relationships?: {
                "policy-set"?: components["schemas"]["policy-sets-has-one"];
            };
            links?: {
                self?: string;
                upload?: string | null;
            };
        };
        "policy-set-versions-envelope": {
            data: components["schemas"]["policy-set-versions"];
        };
        "task-stages-has-one": {
            data?: components["schemas"]["task-stages-identifier"];
            links?: components["schemas"]["related"];
        };
        "policy-set-outcomes-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "policy-set-outcomes";
        };
        "policy-set-outcomes-has-many": {
            data?: components["schemas"]["policy-set-outcomes-identifier"][];
        } | null;
        "policy-evaluations": {
            readonly id?: string;
            /** @enum {string} */
            type: "policy-evaluations";
            attributes: {
                /** @enum {string} */
                status?: "pending" | "queued" | "running" | "passed" | "failed" | "overridden" | "errored" | "canceled" | "unreachable";
                /** @enum {string} */
                "policy-kind"?: "sentinel" | "opa";
                "status-timestamps"?: {
                    /** Format: date-time */
                    "pending-at"?: string | null;
                    /** Format: date-time */
                    "queued-at"?: string | null;
                    /** Format: date-time */
                    "running-at"?: string | null;
                    /** Format: date-time */
                    "passed-at"?: string | null;
                    /** Format: date-time */
                    "failed-at"?: string | null;
                    /** Format: date-time */
                    "overridden-at"?: string | null;
                    /** Format: date-time */
                    "errored-at"?: string | null;
                    /** Format: date-time */
                    "canceled-at"?: string | null;
                };
                /** Format: date-time */
                readonly "created-at"?: string;
                /** Format: date-time */
                readonly "updated-at"?: string;
                "result-count"?: {
                    "advisory-failed"?: number;
                    "mandatory-failed"?: number;
                    passed?: number;
                    errored?: number;
                };
            };
            relationships?: {
                "policy-attachable"?: components["schemas"]["task-stages-has-one"];
                "policy-set-outcomes"?: components["schemas"]["policy-set-outcomes-has-many"];
            };
            links?: {
                self?: string;
            };
        };
        "policy-evaluations-envelope": {
            data: components["schemas"]["policy-evaluations"];
        };
        "policy-evaluations-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "policy-evaluations";
        };
        "policy-evaluations-has-one": {
            data?: components["schemas"]["policy-evaluations-identifier"];
            links?: components["schemas"]["related"];
        };
        "policy-set-outcomes": {
            readonly id?: string;
            /** @enum {string} */
            type: "policy-set-outcomes";
            attributes: {
                outcomes?: {
                    enforcement_level?: string | null;
                    query?: string | null;
                    status?: string;
                    policy_name?: string | null;
                    description?: string;
                    output?: unknown[] | null;
                }[] | null;
                error?: string | null;
                warnings?: string[];
                overridable?: boolean;
                "policy-set-name"?: string;
                "policy-set-description"?: string | null;
                "result-count"?: {
                    "advisory-failed"?: number;
                    "mandatory-failed"?: number;
                    passed?: number;
                    errored?: number;
                };
                "policy-tool-version"?: string;
            };
            relationships?: {
                "policy-evaluation"?: components["schemas"]["policy-evaluations-has-one"];
            };
        };
        "policy-set-outcomes-envelope": {
            data: components["schemas"]["policy-set-outcomes"];
        };
        "plan-exports": {
            readonly id?: string;
            /** @enum {string} */
            type: "plan-exports";
            attributes: {
                /** @enum {string} */
                "data-type"?: "sentinel-mock-bundle-v0";
                /** @enum {string} */
                status?: "pending" | "queued" | "finished" | "expired" | "canceled" | "errored";
                "status-timestamps"?: {
                    /** Format: date-time */
                    "pending-at"?: string | null;
                    /** Format: date-time */
                    "queued-at"?: string | null;
                    /** Format: date-time */
                    "finished-at"?: string | null;
                    /** Format: date-time */
                    "expired-at"?: string | null;
                    /** Format: date-time */
                    "canceled-at"?: string | null;
                    /** Format: date-time */
                    "errored-at"?: string | null;
                };
                "error-message"?: string | null;
            };
            relationships?: {
                plan?: components["schemas"]["plans-has-one"];
            };
            links?: {
                self?: string;
                download?: string | null;
            };
        };
        "plan-exports-envelope": {
            data: components["schemas"]["plan-exports"];
        };
        applies: {
            id?: string;
            /** @enum {string} */
            type?: "applies";
            attributes?: {
                readonly "execution-details"?: {
                    /** @enum {string} */
                    mode?: "agent" | "remote" | "local";
                    "agent-id"?: string;
                    "agent-name"?: string;
                    "agent-pool-id"?: string;
                    "agent-pool-name"?: string;
                } | null;
                /** @enum {string} */
                readonly status?: "created" | "pending" | "queued" | "agent_queued" | "running" | "errored" | "canceled" | "finished" | "unreachable";
                readonly "status-timestamps"?: {
                    /** Format: date-time */
                    "agent-queued-at"?: string | null;
                    /** Format: date-time */
                    "started-at"?: string | null;
                    /** Format: date-time */
                    "errored-at"?: string | null;
                    /** Format: date-time */
                    "canceled-at"?: string | null;
                    /** Format: date-time */
                    "force-canceled-at"?: string | null;
                    /** Format: date-time */
                    "finished-at"?: string | null;
                };
                readonly "log-read-url"?: string;
                readonly "resource-additions"?: number | null;
                readonly "resource-changes"?: number | null;
                readonly "resource-destructions"?: number | null;
                readonly "resource-imports"?: number | null;
                readonly "action-invocations"?: number | null;
                readonly "action-failures"?: number | null;
            };
            relationships?: {
                "state-versions"?: components["schemas"]["state-versions-has-many"];
            };
            links?: components["schemas"]["self"];
        };
        "applies-envelope": {
            data: components["schemas"]["applies"];
        };
        "cost-estimates": {
            readonly id?: string;
            /** @enum {string} */
            type: "cost-estimates";
            attributes: {
                "error-message"?: string | null;
                /** @enum {string} */
                status?: "pending" | "queued" | "finished" | "canceled" | "errored" | "unreachable" | "skipped_due_to_targeting";
                "status-timestamps"?: {
                    /** Format: date-time */
                    "pending-at"?: string;
                    /** Format: date-time */
                    "queued-at"?: string;
                    /** Format: date-time */
                    "finished-at"?: string;
                    /** Format: date-time */
                    "canceled-at"?: string;
                    /** Format: date-time */
                    "errored-at"?: string;
                    /** Format: date-time */
                    "skipped-due-to-targeting-at"?: string;
                };
                /** @description Low-level cost estimation details, only present when status is "finished". The keys or structure of this hash may change over time. */
                resources?: {
                    matched?: {
                        [key: string]: unknown;
                    }[];
                    unmatched?: {
                        [key: string]: unknown;
                    }[];
                } | null;
                /** @description Total number of resources. Only present when status is "finished". */
                "resources-count"?: number | null;
                /** @description Number of matched resources. Only present when status is "finished". */
                "matched-resources-count"?: number | null;
                /** @description Number of unmatched resources. Only present when status is "finished". */
                "unmatched-resources-count"?: number | null;
                /** @description Prior monthly cost as a decimal string. Only present when status is "finished". */
                "prior-monthly-cost"?: string | null;
                /** @description Proposed monthly cost as a decimal string. Only present when status is "finished". */
                "proposed-monthly-cost"?: string | null;
                /** @description Delta monthly cost as a decimal string. Only present when status is "finished". */
                "delta-monthly-cost"?: string | null;
            };
        };
        "cost-estimates-envelope": {
            data: components["schemas"]["cost-estimates"];
        };
        "state-versions-envelope": {
            data: components["schemas"]["state-versions"];
        };
        /** @description State version outputs are the output values from a Terraform state file for a workspace. They include the name and value of the output, as well as a sensitive boolean if the value should be hidden by default in UIs. There is an additional attribute, "value" that can be any type, including null if the value is sensitive and part of a list response. */
        "state-version-outputs": {
            readonly id?: string;
            /** @enum {string} */
            type?: "state-version-outputs";
            attributes?: {
                name?: string;
                sensitive?: boolean;
                /** @description The Terraform type of the output value (e.g. "string", "number", "bool", "list", "map", "set", "object", "tuple"). */
                type?: string;
                /** @description A detailed representation of the output type. May be a string for simple types or an array for complex types such as tuples and objects. */
                "detailed-type"?: unknown;
            };
            links?: components["schemas"]["self"];
        };
        "state-version-outputs-envelope": {
            data: components["schemas"]["state-version-outputs"];
        };
        "hyok-customer-key-versions-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "hyok-customer-key-versions";
        };
        "hyok-customer-key-versions-has-many": {
            data?: components["schemas"]["hyok-customer-key-versions-identifier"][];
        } | null;
        "oidc-configurations-identifier": {
            id: string;
            /** @enum {string} */
            type: "aws-oidc-configurations" | "azure-oidc-configurations" | "gcp-oidc-configurations" | "vault-oidc-configurations";
        };
        "oidc-configurations-has-one": {
            data: components["schemas"]["oidc-configurations-identifier"] | null;
        } | null;
        "hyok-configurations": {
            readonly id?: string;
            /** @enum {string} */
            type: "hyok-configurations";
            attributes: {
                "kek-id"?: string;
                name?: string;
                primary?: boolean;
                /** @enum {string} */
                readonly status?: "untested" | "testing" | "test_failed" | "available" | "errored" | "revoking" | "revoked";
                readonly error?: string | null;
                "kms-options"?: {
                    /** @description Only required with AWS KMS */
                    "key-region"?: string;
                    /** @description Only required with GCP KMS */
                    "key-location"?: string;
                    /** @description Only required with GCP KMS */
                    "key-ring-id"?: string;
                    /** @description Optional for AWS KMS */
                    "multi-region"?: boolean;
                } | null;
            };
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
                "agent-pool"?: components["schemas"]["agent-pools-has-one"];
                "hyok-customer-key-versions"?: components["schemas"]["hyok-customer-key-versions-has-many"];
                "oidc-configuration"?: components["schemas"]["oidc-configurations-has-one"];
            };
        };
        "hyok-configurations-envelope": {
            data: components["schemas"]["hyok-configurations"];
        };
        "aws-oidc-configurations": {
            readonly id?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "aws-oidc-configurations";
            attributes: {
                "role-arn"?: string;
                region?: string;
                type?: string;
            };
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
            };
        };
        "gcp-oidc-configurations": {
            readonly id?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "gcp-oidc-configurations";
            attributes: {
                "service-account-email"?: string;
                region?: string;
                /** @description Either the workload-provider-name or workload-pool-id and workload-provider-id must be provided */
                "workload-provider-name"?: string;
                "project-number"?: string;
                /** @description Either the workload-provider-name or workload-pool-id and workload-provider-id must be provided */
                "workload-pool-id"?: string;
                /** @description Either the workload-provider-name or workload-pool-id and workload-provider-id must be provided */
                "workload-provider-id"?: string;
                type?: string;
            };
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
            };
        };
        "azure-oidc-configurations": {
            readonly id?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "azure-oidc-configurations";
            attributes: {
                "client-id"?: string;
                "subscription-id"?: string;
                "tenant-id"?: string;
                type?: string;
            };
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
            };
        };
        "vault-oidc-configurations": {
            readonly id?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "vault-oidc-configurations";
            attributes: {
                address?: string;
                role?: string;
                namespace?: string;
                "auth-path"?: string;
                "encoded-ca-cert"?: string;
            };
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
            };
        };
        "oidc-configuration-envelope": {
            data: components["schemas"]["aws-oidc-configurations"] | components["schemas"]["gcp-oidc-configurations"] | components["schemas"]["azure-oidc-configurations"] | components["schemas"]["vault-oidc-configurations"];
        };
        "hyok-customer-key-versions": {
            readonly id?: string;
            /** @enum {string} */
            type: "hyok-customer-key-versions";
            attributes: {
                readonly "key-version"?: string;
                /** Format: date-time */
                readonly "created-at"?: string;
                readonly "workspaces-secured"?: number;
                /** @enum {string} */
                readonly status?: "available" | "revoking" | "revoked" | "revocation_failed";
                readonly error?: string | null;
            };
            relationships?: {
                "hyok-configuration"?: components["schemas"]["hyok-configurations-has-one"];
            };
        };
        "hyok-customer-key-versions-envelope": {
            data: components["schemas"]["hyok-customer-key-versions"];
        };
        "hyok-customer-key-versions-has-one": {
            data?: components["schemas"]["hyok-customer-key-versions-identifier"];
        };
        "hyok-encrypted-data-keys": {
            readonly id?: string;
            /** @enum {string} */
            type: "hyok-encrypted-data-keys";
            attributes: {
                readonly "encrypted-dek"?: string;
                /** Format: date-time */
                readonly "created-at"?: string;
                readonly "customer-key-name"?: string;
            };
            relationships?: {
                "hyok-customer-key-version"?: components["schemas"]["hyok-customer-key-versions-has-one"];
            };
        };
        "hyok-encrypted-data-keys-envelope": {
            data: components["schemas"]["hyok-encrypted-data-keys"];
        };
        "teams-nullable-has-one": {
            data?: components["schemas"]["teams-identifier"] | null;
        };
        "auth-token-created-by-identifier": {
            id: string;
            /** @enum {string} */
            type: "users" | "organizations" | "teams";
        };
        "auth-token-created-by-has-one": {
            data?: components["schemas"]["auth-token-created-by-identifier"] | null;
        };
        "authentication-tokens": {
            readonly id?: string;
            /** @enum {string} */
            type: "authentication-tokens";
            attributes?: {
                description?: string | null;
                /**
                 * Format: date-time
                 * @description The UTC date and time that the token will expire, in ISO 8601 format. If omitted or set to null the token will never expire.
                 */
                "expired-at"?: string | null;
                /** Format: date-time */
                readonly "last-used-at"?: string | null;
                /** Format: date-time */
                readonly "created-at"?: string;
                readonly token?: string | null;
            };
            relationships?: {
                team?: components["schemas"]["teams-nullable-has-one"];
                "created-by"?: components["schemas"]["auth-token-created-by-has-one"];
            };
        };
        "authentication-tokens-envelope": {
            data: components["schemas"]["authentication-tokens"];
        };
        "github-app-oauth-tokens": {
            readonly id?: string;
            /** @enum {string} */
            type: "github-app-oauth-tokens";
            attributes: {
                /** Format: date-time */
                readonly "created-at"?: string;
                "github-username"?: string | null;
            };
            relationships?: {
                user?: components["schemas"]["users-has-one"];
            };
        };
        "teams-envelope": {
            data: components["schemas"]["teams"];
        };
        "users-identifier-array-document": {
            data: {
                /** @enum {string} */
                type: "users";
                id: string;
            }[];
        };
        "organization-memberships-identifier-array-document": {
            data: {
                /** @enum {string} */
                type: "organization-memberships";
                id: string;
            }[];
        };
        "teams-has-one": {
            data?: components["schemas"]["teams-identifier"];
            links?: components["schemas"]["related"];
        };
        "team-projects": {
            readonly id?: string;
            /** @enum {string} */
            type: "team-projects";
            attributes: {
                /**
                 * @description The access level granted to the team on the project.
                 * @enum {string}
                 */
                access: "read" | "write" | "maintain" | "admin" | "custom";
                /** @description Fine-grained project access permissions. Only meaningful when access is "custom". */
                "project-access"?: {
                    /**
                     * @description Permission level for project settings.
                     * @enum {string}
                     */
                    settings?: "read" | "update" | "delete";
                    /**
                     * @description Permission level for managing project teams.
                     * @enum {string}
                     */
                    teams?: "none" | "read" | "manage";
                    /** @description Permission level for project variable sets. */
                    "variable-sets"?: string | null;
                };
                /** @description Fine-grained workspace access permissions. Only meaningful when access is "custom". */
                "workspace-access"?: {
                    /** @description Whether the team can create workspaces in the project. */
                    create?: boolean;
                    /** @description Whether the team can move workspaces into and out of the project. */
                    move?: boolean;
                    /** @description Whether the team can manually lock or unlock the project's workspaces. */
                    locking?: boolean;
                    /** @description Whether the team can delete the project's workspaces. */
                    delete?: boolean;
                    /**
                     * @description Permission level for workspace runs.
                     * @enum {string}
                     */
                    runs?: "read" | "plan" | "apply";
                    /**
                     * @description Permission level for workspace variables.
                     * @enum {string}
                     */
                    variables?: "none" | "read" | "write";
                    /**
                     * @description Permission level for workspace state versions.
                     * @enum {string}
                     */
                    "state-versions"?: "none" | "read-outputs" | "read" | "write";
                    /**
                     * @description Permission level for workspace Sentinel mocks.
                     * @enum {string}
                     */
                    "sentinel-mocks"?: "none" | "read";
                    /** @description Whether the team can manage run tasks within the project's workspaces. */
                    "run-tasks"?: boolean;
                    /** @description Whether the team can override policy checks within the project's workspaces. */
                    "policy-overrides"?: boolean;
                };
            };
            relationships?: {
                team?: components["schemas"]["teams-has-one"];
                project?: components["schemas"]["projects-has-one"];
            };
            links?: {
                self?: string;
            };
        };
        "team-projects-envelope": {
            data: components["schemas"]["team-projects"];
        };
        "team-workspaces": {
            readonly id?: string;
            /** @enum {string} */
            type: "team-workspaces";
            attributes: {
                /**
                 * @description The type of access the team has on the workspace. Valid values are read, plan, write, admin, or custom.
                 * @enum {string}
                 */
                access: "read" | "plan" | "write" | "admin" | "custom";
                /**
                 * @description The permission for the workspace's runs. Can only be used when access is custom.
                 * @enum {string}
                 */
                runs?: "read" | "plan" | "apply";
                /**
                 * @description The permission for the workspace's variables. Can only be used when access is custom.
                 * @enum {string}
                 */
                variables?: "none" | "read" | "write";
                /**
                 * @description The permission for the workspace's state versions. Can only be used when access is custom.
                 * @enum {string}
                 */
                "state-versions"?: "none" | "read-outputs" | "read" | "write";
                /**
                 * @description The permission for the workspace's Sentinel mocks. Can only be used when access is custom.
                 * @enum {string}
                 */
                "sentinel-mocks"?: "none" | "read";
                /** @description Whether the team can manually lock or unlock the workspace. Can only be used when access is custom. */
                "workspace-locking"?: boolean;
                /** @description Whether the team can manage run tasks within the workspace. Can only be used when access is custom. */
                "run-tasks"?: boolean;
                /** @description Whether the team can override policy checks for the workspace. */
                "policy-overrides"?: boolean;
            };
            relationships?: {
                team?: components["schemas"]["teams-has-one"];
                workspace?: components["schemas"]["workspaces-has-one"];
            };
            links?: components["schemas"]["self"];
        };
        "team-workspaces-envelope": {
            data: components["schemas"]["team-workspaces"];
        };
        integrations: {
            /**
             * @description The external ID of the integration.
             * @example int-xxxxxxxxxxxxxxxx
             */
            id: string;
            /** @enum {string} */
            type: "integrations";
            attributes: {
                /**
                 * @description The name of the integration.
                 * @example Cloudability
                 */
                name: string;
                /**
                 * @description The provider identifier for the integration.
                 * @example cloudability
                 */
                provider: string;
                /**
                 * @description A description of what the integration does.
                 * @example Cloud cost management
                 */
                description: string;
                /**
                 * @description The homepage URL for the integration.
                 * @example https://www.apptio.com/products/cloudability/
                 */
                homepage: string;
                /**
                 * @description The run stages where this integration can be used.
                 * @example [
                 *       "post_plan"
                 *     ]
                 */
                stages: string[];
                /** @description Ordered list of configuration parameters required by the integration. */
                params: {
                    /**
                     * @description Unique identifier for the parameter.
                     * @example api-url
                     */
                    paramId: string;
                    /**
                     * @description Display name for the parameter.
                     * @example API URL
                     */
                    name: string;
                    /**
                     * @description The type of the parameter.
                     * @example url
                     */
                    kind: string;
                    /**
                     * @description Whether the parameter contains sensitive data.
                     * @example false
                     */
                    sensitive: boolean;
                    /**
                     * @description Whether the parameter is required.
                     * @example true
                     */
                    required: boolean;
                    /**
                     * @description Description of the parameter.
                     * @example Provide the API URL from Cloudability
                     */
                    description: string;
                    /**
                     * @description Optional placeholder shown in the input field.
                     * @example url.example.com
                     */
                    placeholder?: string;
                    /**
                     * @description Optional helper link text shown alongside the parameter.
                     * @example Find out more
                     */
                    helpLinkText?: string;
                    /**
                     * @description Optional helper link target.
                     * @example https://ibm.com/docs/en/cloudability-commercial/
                     */
                    helpLinkUrl?: string;
                }[];
            };
        };
        "ingress-attributes": {
            readonly id?: string;
            /** @enum {string} */
            type: "ingress-attributes";
            attributes: {
                branch?: string;
                "clone-url"?: string;
                "commit-message"?: string;
                "commit-sha"?: string;
                "commit-url"?: string;
                "compare-url"?: string;
                identifier?: string;
                "is-pull-request"?: boolean;
                "on-default-branch"?: boolean;
                "pull-request-number"?: number;
                "pull-request-url"?: string;
                "pull-request-title"?: string;
                "pull-request-body"?: string;
                tag?: string | null;
                "sender-username"?: string;
                "sender-avatar-url"?: string;
                "sender-html-url"?: string;
            };
            relationships?: {
                "created-by"?: components["schemas"]["users-has-one"];
            };
            links?: components["schemas"]["self"];
        };
        "oauth-clients-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "oauth-clients";
        };
        "oauth-clients-has-one": {
            data?: components["schemas"]["oauth-clients-identifier"] | null;
            links?: components["schemas"]["related"];
        };
        "oauth-tokens-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "oauth-tokens";
        };
        "oauth-tokens-has-one": {
            data?: components["schemas"]["oauth-tokens-identifier"] | null;
            links?: components["schemas"]["related"];
        };
        "vcs-events": {
            readonly id?: string;
            /** @enum {string} */
            type: "vcs-events";
            attributes: {
                /** Format: date-time */
                readonly "created-at"?: string;
                level?: string;
                message?: string | null;
                "organization-id"?: number;
                "suggested-action"?: string | null;
            };
            relationships?: {
                "oauth-client"?: components["schemas"]["oauth-clients-has-one"];
                "oauth-token"?: components["schemas"]["oauth-tokens-has-one"];
            };
        };
        "vcs-repo-check": {
            /** @description An identifier for the repository check (typically the repository identifier) */
            id?: string;
            /** @enum {string} */
            type?: "vcs-repo-check";
            attributes?: {
                /** @description Whether the repository exists and is accessible */
                exists?: boolean;
                /** @description The repository identifier that was checked */
                identifier?: string;
            };
        };
        "vcs-repo-check-envelope": {
            data: components["schemas"]["vcs-repo-check"];
        };
        "registry-module-address-validations": {
            /** @description A unique identifier for this validation result */
            id?: string;
            /** @enum {string} */
            type?: "registry-module-address-validations";
            attributes?: {
                /** @description The module name that was validated */
                "module-name"?: string;
                /** @description The provider name that was validated */
                "provider-name"?: string;
                /** @description Whether the module name and provider combination is available */
                valid?: boolean;
            };
        };
        "registry-module-address-validations-envelope": {
            data: components["schemas"]["registry-module-address-validations"];
        };
        "registry-modules": {
            readonly id?: string;
            /** @enum {string} */
            type: "registry-modules";
            attributes?: {
                readonly name?: string;
                readonly namespace?: string;
                readonly provider?: string;
                readonly "registry-name"?: string;
                readonly status?: string;
                /** @enum {string} */
                readonly "publishing-mechanism"?: "branch" | "git_tag" | "non_vcs";
                /** @description Whether the module is a no-code module. */
                "no-code"?: boolean;
                readonly "version-statuses"?: Record<string, never>[];
                /** Format: date-time */
                readonly "created-at"?: string;
                /** Format: date-time */
                readonly "updated-at"?: string;
                /**
                 * @description The VCS connection and publishing settings for the module. Supplying a
                 *     changed `identifier`, `oauth-token-id`, or `github-app-installation-id`
                 *     re-points the module to a different VCS source; supplying only
                 *     `branch`, `tags`, or `tag-prefix` changes the publishing mechanism in
                 *     place.
                 */
                "vcs-repo"?: {
                    /** @description The repository from which to ingress the configuration, e.g. "org/repo". */
                    identifier?: string;
                    /**
                     * @description The display identifier for the repository. For most VCS providers
                     *     outside of Bitbucket Cloud, this matches `identifier`.
                     */
                    "display-identifier"?: string;
                    /**
                     * @description The VCS Connection (OAuth Connection + Token) to use, obtained from
                     *     the oauth-tokens endpoint. Mutually exclusive with
                     *     `github-app-installation-id`.
                     */
                    "oauth-token-id"?: string;
                    /**
                     * @description The VCS Connection GitHub App Installation to use. Mutually
                     *     exclusive with `oauth-token-id`.
                     */
                    "github-app-installation-id"?: string;
                    /** @description The repository branch to publish the module from (branch-based publishing). */
                    branch?: string;
                    /** @description Whether the module uses the tag-based publishing workflow. */
                    tags?: boolean;
                    /** @description An optional prefix used to filter tags for tag-based publishing. */
                    "tag-prefix"?: string | null;
                    /** @description Whether submodules should be fetched when cloning the repository. */
                    "ingress-submodules"?: boolean;
                    /** @description The directory within the repository where the module is located. */
                    "source-directory"?: string | null;
                };
                /**
                 * @description Optional test configuration for the module. Present for branch-based
                 *     modules and non-VCS private modules, and `null` when the module has no
                 *     test configuration. Supplying `tests-enabled`, `agent-execution-mode`,
                 *     or `agent-pool-id` configures testing for the module; when omitted,
                 *     testing defaults to disabled with remote execution.
                 */
                "test-config"?: {
                    readonly id?: string;
                    /**
                     * @description Whether testing is enabled for the module.
                     * @default false
                     */
                    "tests-enabled": boolean;
                    /**
                     * @description The execution mode used to run tests.
                     * @default remote
                     * @enum {string}
                     */
                    "agent-execution-mode": "remote" | "agent";
                    /** @description The ID of the agent pool used when `agent-execution-mode` is `agent`. */
                    "agent-pool-id"?: string | null;
                    /** @description The name of the agent pool used when `agent-execution-mode` is `agent`. */
                    readonly "agent-pool-name"?: string | null;
                } | null;
                readonly permissions?: {
                    "can-delete"?: boolean;
                    "can-resync"?: boolean;
                    "can-retry"?: boolean;
                };
            };
            links?: components["schemas"]["self"];
            relationships?: {
                organization?: components["schemas"]["links_related"];
                "no-code-modules"?: components["schemas"]["links_related"];
            };
        };
        "registry-modules-envelope": {
            data: components["schemas"]["registry-modules"];
        };
        "test-runs-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "test-runs";
        };
        "test-runs-has-one": {
            data?: components["schemas"]["test-runs-identifier"];
        };
        "test-run-cleanups-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "test-run-cleanups";
        };
        "test-run-cleanups-has-one": {
            data?: components["schemas"]["test-run-cleanups-identifier"] | null;
            links?: components["schemas"]["related"];
        };
        "test-run-cleanups": {
            readonly id?: string;
            /** @enum {string} */
            type: "test-run-cleanups";
            attributes: {
                /** Format: date-time */
                readonly "created-at"?: string;
                /** Format: date-time */
                readonly "updated-at"?: string;
                /** @enum {string} */
                status?: "pending" | "queued" | "running" | "finished" | "canceled" | "errored";
                "status-timestamps"?: {
                    [key: string]: string;
                };
                "repair-mode"?: boolean;
                filters?: string[] | null;
                "result-summary"?: {
                    [key: string]: unknown;
                };
            };
            relationships?: {
                "test-run"?: components["schemas"]["test-runs-has-one"];
                "created-by"?: components["schemas"]["users-has-one"];
                "previous-test-run-cleanup"?: components["schemas"]["test-run-cleanups-has-one"];
            };
        };
        "test-run-cleanups-envelope": {
            data: components["schemas"]["test-run-cleanups"];
        };
        "ssh-keys": {
            /**
             * @description The ID of the SSH key.
             * @example sshkey-xxxxxxxxxxxxxxxx
             */
            readonly id?: string;
            /** @enum {string} */
            type: "ssh-keys";
            attributes: {
                /**
                 * @description The name of the SSH key.
                 * @example My SSH Key
                 */
                name: string;
                /**
                 * @description The private key value. This is write-only and will not be returned in the response.
                 * @example -----BEGIN RSA PRIVATE KEY-----
                 *     ...
                 */
                value?: string;
            };
            readonly links?: {
                /**
                 * @description The path to the SSH key.
                 * @example /api/v2/ssh-keys/sshkey-xxxxxxxxxxxxxxxx
                 */
                self: string;
            };
        };
        "ssh-keys-envelope": {
            data: components["schemas"]["ssh-keys"];
        };
        "workspace-change-requests": {
            readonly id?: string;
            /** @enum {string} */
            type: "workspace-change-requests";
            attributes: {
                subject?: string;
                message?: string | null;
                /** Format: date-time */
                readonly "archived-at"?: string | null;
                /** Format: date-time */
                readonly "created-at"?: string;
            };
            relationships?: {
                workspace?: components["schemas"]["workspaces-has-one"];
                "created-by"?: components["schemas"]["users-has-one"];
                "archived-by-user"?: components["schemas"]["users-has-one"];
            };
        };
        "workspace-change-requests-envelope": {
            data: components["schemas"]["workspace-change-requests"];
        };
        "oauth-tokens-has-many": {
            data?: components["schemas"]["oauth-tokens-identifier"][];
        } | null;
        "oauth-clients": {
            readonly id?: string;
            /** @enum {string} */
            type: "oauth-clients";
            attributes: {
                name?: string | null;
                /** Format: date-time */
                readonly "created-at"?: string;
                /** Format: date-time */
                readonly "updated-at"?: string;
                readonly "callback-url"?: string | null;
                readonly "connect-path"?: string | null;
                "service-provider"?: string;
                readonly "service-provider-display-name"?: string;
                "http-url"?: string | null;
                "api-url"?: string | null;
                key?: string | null;
                "ado-entra-tenant-id"?: string | null;
                secret?: string | null;
                "rsa-public-key"?: string | null;
                readonly uuid?: string;
                "organization-scoped"?: boolean;
                "affected-workspaces"?: string[] | null;
                "affected-workspaces-count"?: number | null;
            };
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
                "agent-pool"?: components["schemas"]["agent-pools-has-one"];
                projects?: components["schemas"]["projects-has-many"];
                "oauth-tokens"?: components["schemas"]["oauth-tokens-has-many"];
            };
        };
        "oauth-clients-envelope": {
            data: components["schemas"]["oauth-clients"];
        };
        "oauth-tokens": {
            readonly id?: string;
            /** @enum {string} */
            type: "oauth-tokens";
            attributes: {
                /** Format: date-time */
                readonly "created-at"?: string;
                readonly "service-provider-user"?: string | null;
                readonly "has-ssh-key"?: boolean;
                /** @description The SSH private key. Write-only; use has-ssh-key to check if a key has been set. */
                "ssh-key"?: string | null;
            };
            links?: components["schemas"]["self"];
            relationships?: {
                "oauth-client"?: components["schemas"]["oauth-clients-has-one"];
                "vcs-organizations"?: components["schemas"]["links_related"];
            };
        };
        "oauth-tokens-envelope": {
            data: components["schemas"]["oauth-tokens"];
        };
        "authorized-repos": {
            readonly id?: string;
            /** @enum {string} */
            type: "authorized-repos";
            attributes: {
                readonly name?: string;
                readonly "display-identifier"?: string;
            };
            relationships?: {
                "oauth-token"?: components["schemas"]["oauth-tokens-has-one"];
            };
        };
        "vcs-organization": {
            readonly id?: string;
            /** @enum {string} */
            type: "vcs-organization";
            attributes: {
                readonly name?: string;
            };
        };
        "github-app-installations": {
            readonly id?: string;
            /** @enum {string} */
            type: "github-app-installations";
            attributes: {
                name?: string | null;
                "installation-id"?: number | null;
                "icon-url"?: string | null;
                "installation-type"?: string | null;
                "installation-url"?: string | null;
            };
        };
        "github-app-repos": {
            readonly id?: string;
            /** @enum {string} */
            type: "github-app-repos";
            attributes: {
                name?: string | null;
                identifier?: string | null;
                "installation-id"?: string | null;
                private?: boolean | null;
            };
        };
        "github-app-installations-envelope": {
            data: components["schemas"]["github-app-installations"];
        };
        "workspace-tasks-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "workspace-tasks";
        };
        "workspace-tasks-has-many": {
            data?: components["schemas"]["workspace-tasks-identifier"][];
        } | null;
        "integrations-identifier": {
            id: string;
            /** @enum {string} */
            type: "integrations";
        };
        "integrations-has-one": {
            data?: components["schemas"]["integrations-identifier"] | null;
            links?: components["schemas"]["related"];
        };
        tasks: {
            readonly id?: string;
            /** @enum {string} */
            type: "tasks";
            attributes: {
                category?: string;
                name?: string;
                description?: string | null;
                url?: string;
                "hmac-key"?: string | null;
                enabled?: boolean;
                params?: {
                    [key: string]: unknown;
                } | null;
                /** Format: date-time */
                readonly "created-at"?: string;
                /** Format: date-time */
                readonly "updated-at"?: string;
                "global-configuration"?: {
                    enabled?: boolean;
                    stages?: string[];
                    "enforcement-level"?: string | null;
                };
            };
            relationships?: {
                organization?: components["schemas"]["organizations-has-one"];
                "workspace-tasks"?: components["schemas"]["workspace-tasks-has-many"];
                "agent-pool"?: components["schemas"]["agent-pools-has-one"];
                integration?: components["schemas"]["integrations-has-one"];
            };
            links?: components["schemas"]["self"];
        };
        "tasks-envelope": {
            data: components["schemas"]["tasks"];
        };
        "tasks-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "tasks";
        };
        "tasks-has-one": {
            data?: components["schemas"]["tasks-identifier"];
            links?: components["schemas"]["related"];
        };
        "workspace-tasks": {
            readonly id?: string;
            /** @enum {string} */
            type: "workspace-tasks";
            attributes: {
                /** @enum {string} */
                "enforcement-level"?: "advisory" | "mandatory";
                /** @description Deprecated. Use `stages` instead. The stage in the run lifecycle when the run task should begin. */
                stage?: string;
                stages?: string[];
                /** Format: date-time */
                readonly "created-at"?: string;
                /** Format: date-time */
                readonly "updated-at"?: string;
            };
            relationships?: {
                task?: components["schemas"]["tasks-has-one"];
                workspace?: components["schemas"]["workspaces-has-one"];
            };
            links?: components["schemas"]["self"];
        };
        "workspace-tasks-envelope": {
            data: components["schemas"]["workspace-tasks"];
        };
        "task-results-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "task-results";
        };
        "task-results-has-many": {
            data?: components["schemas"]["task-results-identifier"][];
        } | null;
        "policy-evaluations-has-many": {
            data?: components["schemas"]["policy-evaluations-identifier"][];
        } | null;
        "task-stages": {
            readonly id?: string;
            /** @enum {string} */
            type?: "task-stages";
            attributes?: {
                /** @enum {string} */
                readonly status?: "pending" | "running" | "passed" | "failed" | "awaiting_override" | "errored" | "canceled" | "unreachable";
                /** @description The run stage during which this task stage executes (e.g., post_plan, pre_plan, pre_apply, post_apply). */
                readonly stage?: string;
                /** @description A map of status names to timestamps indicating when the task stage entered each status. Keys are formatted as "{status}-at". */
                readonly "status-timestamps"?: {
                    [key: string]: unknown;
                } | null;
                /** Format: date-time */
                readonly "created-at"?: string;
                /** Format: date-time */
                readonly "updated-at"?: string;
                readonly permissions?: {
                    "can-override-policy"?: boolean;
                    "can-override-tasks"?: boolean;
                    "can-override"?: boolean;
                };
                readonly actions?: {
                    "is-overridable"?: boolean;
                };
            };
            relationships?: {
                run?: components["schemas"]["runs-has-one"];
                "cost-estimate"?: components["schemas"]["cost-estimates-has-one"];
                "task-results"?: components["schemas"]["task-results-has-many"];
                "policy-evaluations"?: components["schemas"]["policy-evaluations-has-many"];
            };
            links?: components["schemas"]["self"];
        };
        "task-stages-envelope": {
            data: components["schemas"]["task-stages"];
        };
        "task-results": {
            readonly id?: string;
            /** @enum {string} */
            type: "task-results" | "task_results";
            attributes?: {
                /** @description A message describing the result of the run task execution. */
                message?: string | null;
                /** @enum {string} */
                status?: "pending" | "running" | "passed" | "failed" | "errored" | "canceled" | "unreachable";
                /** @description A map of status names to timestamps indicating when the task result entered each status. Keys are formatted as "{status}-at". */
                readonly "status-timestamps"?: {
                    [key: string]: unknown;
                } | null;
                /** @description A URL the run task integration provided with details about the task execution. */
                url?: string | null;
                /** Format: date-time */
                readonly "created-at"?: string;
                /** Format: date-time */
                readonly "updated-at"?: string;
                /** @description The external ID of the run task. */
                readonly "task-id"?: string;
                /** @description The name of the run task. */
                readonly "task-name"?: string;
                /** @description The URL of the run task definition. */
                readonly "task-url"?: string | null;
                /** @description The number of task result outcomes associated with this task result. */
                readonly "task-result-outcomes-count"?: number;
                /** @description The run stage during which this task result was created. */
                readonly stage?: string;
                /** @description Whether the associated run is speculative (plan-only). */
                readonly "is-speculative"?: boolean;
                /** @description The external ID of the workspace task configuration. */
                readonly "workspace-task-id"?: string | null;
                /** @description The enforcement level of the workspace task (e.g., advisory, mandatory). */
                readonly "workspace-task-enforcement-level"?: string | null;
                /** @description The external ID of the agent pool, when private run tasks are enabled. */
                readonly "agent-pool-id"?: string | null;
            };
            relationships?: {
                "task-stage"?: components["schemas"]["task-stages-has-one"];
                "task-result-outcomes"?: {
                    data?: {
                        /** @enum {string} */
                        type?: "task-result-outcomes";
                        attributes?: {
                            "outcome-id"?: string;
                            description?: string;
                            url?: string | null;
                            body?: string | null;
                            tags?: {
                                [key: string]: {
                                    label?: string;
                                    level?: string;
                                }[];
                            } | null;
                        };
                    }[] | null;
                    links?: components["schemas"]["related"];
                };
            };
            links?: components["schemas"]["self"];
        };
        "task-results-envelope": {
            data: components["schemas"]["task-results"];
        };
        "task-results-has-one": {
            data?: components["schemas"]["task-results-identifier"];
            links?: components["schemas"]["related"];
        };
        "task-result-outcomes": {
            readonly id?: string;
            /** @enum {string} */
            type?: "task-result-outcomes";
            attributes?: {
                /** Format: date-time */
                readonly "created-at"?: string;
                /** @description A unique identifier for this outcome within the run task result. */
                "outcome-id"?: string;
                /** @description A human-readable description of this outcome. */
                description?: string;
                /** @description An array of tag category objects. Each object has a label (category name) and a value array of tag entries with label and level fields. */
                tags?: {
                    /** @description The tag category name. */
                    label?: string;
                    value?: {
                        label?: string;
                        level?: string;
                    }[];
                }[] | null;
                /** @description A URL with additional details about this outcome. */
                url?: string | null;
            };
            relationships?: {
                "task-result"?: components["schemas"]["task-results-has-one"];
            };
            links?: {
                self?: string;
                /** @description URL to download the outcome body. Only present when the run task integration uploaded a body for this outcome. */
                body?: string | null;
            };
        };
        "task-result-outcomes-envelope": {
            data: components["schemas"]["task-result-outcomes"];
        };
        "workspace-transfer-events-identifier": {
            id?: string;
            /** @enum {string} */
            type?: "workspace-transfer-events";
        };
        "workspace-transfer-events-has-many": {
            data?: components["schemas"]["workspace-transfer-events-identifier"][];
        } | null;
        "workspace-transfers": {
            readonly id?: string;
            /** @enum {string} */
            type: "workspace-transfers";
            attributes?: {
                /** @enum {string} */
                readonly status?: "pending" | "in_progress" | "paused" | "completed" | "failed" | "canceled";
                /** @enum {string|null} */
                readonly "pause-reason"?: "awaiting_approval" | "source_workspace_deletion_stuck" | null;
                /**
                 * @default required
                 * @enum {string}
                 */
                "approval-mode": "required" | "auto";
                /**
                 * @description Auto-delete partial destination workspace on failure
                 * @default false
                 */
                "cleanup-on-failure": boolean;
                /**
                 * Format: date-time
                 * @description Copy runs and state versions after this date. Null copies all history.
                 */
                "history-cutoff"?: string | null;
                /**
                 * @default attach
                 * @enum {string}
                 */
                "policy-set-mode": "attach" | "skip";
                /**
                 * @default copy
                 * @enum {string}
                 */
                "variable-mode": "copy" | "skip";
                /** @description Prepended to workspace name in destination */
                "workspace-prefix"?: string | null;
                /** @description Appended to workspace name in destination */
                "workspace-suffix"?: string | null;
                readonly "source-workspace-id"?: string;
                readonly "destination-workspace-id"?: string | null;
                readonly "source-organization-id"?: string;
                "destination-organization-id"?: string;
                "destination-project-id"?: string;
                /** Format: date-time */
                readonly "created-at"?: string;
                /** Format: date-time */
                readonly "updated-at"?: string;
            };
            relationships?: {
                events?: components["schemas"]["workspace-transfer-events-has-many"];
            };
        };
        "workspace-transfers-envelope": {
            data: components["schemas"]["workspace-transfers"];
        };
    };
    responses: never;
    parameters: {
        /** @description The page number to retrieve. */
        page_number: number;
        /** @description The number of items to retrieve per page. Defaults to 20. */
        page_size: number;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    createAdminBanner: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["admin-banners-envelope"];
            };
        };
        responses: {
            /** @description Banner created successfully. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["admin-banners-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deactivateAdminBanner: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the banner to deactivate (e.g. ab-xxxxxxxxxxxxxxxx). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Banner deactivated successfully. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Banner not found. The provided id does not match any banner. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateAdminBanner: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the banner to update (e.g. ab-xxxxxxxxxxxxxxxx). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["admin-banners-envelope"];
            };
        };
        responses: {
            /** @description Banner updated successfully. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["admin-banners-envelope"];
                };
            };
            /** @description Banner not found. The provided id does not match any banner. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getAccountDetails: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Account details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["users-envelope"] & unknown;
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["users-envelope"];
            };
        };
        responses: {
            /** @description Account updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["users-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateAccountPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": {
                    data: {
                        /** @enum {string} */
                        type: "users";
                        attributes: {
                            /** @description The user's current password. Unlike most API data attributes, this one uses underscore_case instead of kebab-case. */
                            current_password?: string;
                            /** @description The user's new password. */
                            password?: string;
                            /** @description The confirmation of the user's new password. Unlike most API data attributes, this one uses underscore_case instead of kebab-case. */
                            password_confirmation?: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Account updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["users-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getHCPOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                hcp_organization_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["hcp-organization-envelope"] & {
                        included?: components["schemas"]["hcp-billing-account"][];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listFeatureSets: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successfully retrieved feature sets */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["feature-sets"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listOrganizationFeatureSets: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successfully retrieved feature sets for the organization */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["feature-sets"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Organization not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the subscription to show. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Subscription details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["subscriptions-envelope"];
                };
            };
            /** @description Subscription not found, or user unauthorized to perform action */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateOrganizationSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": {
                    data: {
                        /** @enum {string} */
                        type: "subscriptions";
                        attributes: {
                            /** @description The RUM usage alert threshold. When the organization's billable resource count meets or exceeds this value, an alert email is sent to org owners. Send null or 0 to clear the threshold and disable alerting. */
                            "rum-alert-threshold"?: number | null;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Subscription updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["subscriptions-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listOrganizationInvoices: {
        parameters: {
            query?: {
                /** @description The ID of the invoice where the page should start. If omitted, the endpoint returns the first page. */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Invoice list */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["billing-invoices"][];
                        meta?: {
                            /** @description The cursor value to use for the next page request. Null when there are no more items. */
                            continuation?: string | null;
                        };
                    };
                };
            };
            /** @description Unauthorized, forbidden, or not found */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showOrganizationNextInvoice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Upcoming invoice, or null if none is available */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": "null" | {
                        data?: components["schemas"]["billing-invoices"];
                    };
                };
            };
            /** @description Unauthorized, forbidden, or not found */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["errors"];
                };
            };
        };
    };
    listAgentPools: {
        parameters: {
            query?: {
                /** @description Filters agent pools to those associated with the given workspace. The workspace must have permission to use the agent pool. */
                "filter[allowed-workspaces][name]"?: string;
                /** @description A search query string. Agent pools are searchable by name. */
                q?: string;
                /** @description Allows sorting the returned agents pools. Valid values are "name" and "created-at". Prepending a hyphen to the sort parameter will reverse the order (e.g. "-name"). */
                sort?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description Name of the organization */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Agent pools */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["agent-pools"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createAgentPool: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Name of the organization */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["agent-pools-envelope"];
            };
        };
        responses: {
            /** @description Agent pool created */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["agent-pools-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getAgentPool: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Agent Pool ID */
                agent_pool_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Agent pool details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["agent-pools-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteAgentPool: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Agent Pool ID */
                agent_pool_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Agent pool deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateAgentPool: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Agent Pool ID */
                agent_pool_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["agent-pools-envelope"];
            };
        };
        responses: {
            /** @description Agent pool updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["agent-pools-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listAgents: {
        parameters: {
            query?: {
                /** @description Accepts a date in ISO8601 format (ex. `2020-08-11T10:41:23Z`). */
                "filter[last-ping-since]"?: string;
                /** @description Allows sorting the returned agents. Valid value is "created-at". Prepending a hyphen to the sort parameter will reverse the order (e.g. "-name"). */
                sort?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the Agent Pool to list. */
                agent_pool_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["agents"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Agent Pool not found, or user unauthorized to perform action */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Agent ID */
                agent_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Agent details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["agents-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Agent ID */
                agent_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Agent removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getCidrRangeList: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description CIDR Range List ID */
                cidr_range_list_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CIDR Range List details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["cidr-range-list-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteCidrRangeList: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description CIDR Range List ID */
                cidr_range_list_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CIDR Range List deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateCidrRangeList: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description CIDR Range List ID */
                cidr_range_list_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["cidr-range-list-envelope"];
            };
        };
        responses: {
            /** @description CIDR Range List updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["cidr-range-list-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listCidrRanges: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description CIDR Range List ID */
                cidr_range_list_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["cidr-ranges"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Organization not found, or user unauthorized to perform action */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createCidrRange: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description ID of a CIDR Range List for the newly created CIDR Range */
                cidr_range_list_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["cidr-ranges-envelope"];
            };
        };
        responses: {
            /** @description CIDR Range created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["cidr-ranges-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    assignAgentPoolsToCidrRangeList: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description ID of a CIDR Range List to assign Agent Pools to */
                cidr_range_list_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["agent-pool-ids"];
            };
        };
        responses: {
            /** @description Agent Pools assigned. No content is returned. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    unassignAgentPoolsFromCidrRangeList: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description ID of the CIDR Range List you want to unassign Agent Pools from */
                cidr_range_list_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["agent-pool-ids"];
            };
        };
        responses: {
            /** @description Agent Pools unassigned. No content is returned. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getCidrRange: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description CIDR Range ID */
                cidr_range_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CIDR Range details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["cidr-ranges-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteCidrRange: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description CIDR Range ID */
                cidr_range_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CIDR Range deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateCidrRange: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description CIDR Range ID */
                cidr_range_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["cidr-ranges-envelope"];
            };
        };
        responses: {
            /** @description CIDR Range updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["cidr-ranges-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listMetricsTokens: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization to list tokens for. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["metrics-token"][];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createMetricsToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization to generate a token for. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": {
                    data: {
                        /** @enum {string} */
                        type: "metrics-tokens";
                        attributes: {
                            /** @description The name of the token. */
                            name: string;
                            /**
                             * Format: date-time
                             * @description The time when the token expires.
                             */
                            "expires-at"?: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["metrics-token"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteMetricsToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Which organization's token should be deleted. */
                organization_name: string;
                /** @description The ID of the token to delete. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listOrganizations: {
        parameters: {
            query?: {
                /** @description Optionally side-load relationships of the specified name */
                include?: "subscription"[];
                /** @description A search query string. Organizations are searchable by name and notification email. */
                q?: string;
                /** @description A search query string. This query searches organizations by notification email. */
                "q[email]"?: string;
                /** @description A search query string. This query searches organizations by name. */
                "q[name]"?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Organizations list */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["organizations"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                        included?: components["schemas"]["subscriptions"][];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["organizations-envelope"];
            };
        };
        responses: {
            /** @description Organization created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["organizations-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getOrganization: {
        parameters: {
            query?: {
                /** @description Optionally side-load relationships of the specified name */
                include?: ("subscription" | "entitlement_set" | "default-project")[];
            };
            header?: never;
            path: {
                /** @description Organization Name */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Organization details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["organizations-envelope"] & {
                        included?: (components["schemas"]["subscriptions"] | components["schemas"]["projects"] | components["schemas"]["entitlement-sets"])[];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Organization Name */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["organizations-envelope"];
            };
        };
        responses: {
            /** @description Organization updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["organizations-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Organization Name */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Organization deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateOrganization_2: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Organization Name */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["organizations-envelope"];
            };
        };
        responses: {
            /** @description Organization updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["organizations-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listCidrRangeLists: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["cidr-range-lists"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Organization not found, or user unauthorized to perform action */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createCidrRangeList: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Name of the organization */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["cidr-range-list-with-ranges-envelope"];
            };
        };
        responses: {
            /** @description CIDR Range List created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["cidr-range-list-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listOrganizationMemberships: {
        parameters: {
            query?: {
                /** @description A search query string. Memberships are searchable by user name or email (case-insensitive). */
                q?: string;
                /** @description Filter memberships by status. Can be "active", "invited", or "inactive". */
                "filter[status]"?: "active" | "invited" | "inactive";
                /** @description Filter memberships by exact email address match. */
                "filter[email]"?: string;
                /**
                 * @description Optionally side-load relationships. Can include "user", "teams", or "scim-identity".
                 *     Note: "scim-identity" is only available on HCP Terraform.
                 */
                include?: ("user" | "teams" | "scim-identity")[];
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization to list memberships for */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Organization memberships list */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["organization-memberships"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                        included?: (components["schemas"]["users"] | components["schemas"]["teams"] | components["schemas"]["organizations"] | components["schemas"]["scim-identities"])[];
                    };
                };
            };
            /** @description Invalid filter or include parameter */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Organization not found, or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createOrganizationMembership: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization the user will be invited to join */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["organization-memberships-envelope"];
            };
        };
        responses: {
            /** @description Successfully invited the user */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["organization-memberships-envelope"];
                };
            };
            /** @description Unable to invite user due to organization limits */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Organization not found, or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Unable to invite user due to validation errors (e.g., invalid email, missing teams) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listUserOrganizationMemberships: {
        parameters: {
            query?: {
                /** @description Optionally side-load relationships. Can include "user", "teams", or "organization". */
                include?: ("user" | "teams" | "organization")[];
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description User's organization memberships list */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["organization-memberships"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        included?: (components["schemas"]["users"] | components["schemas"]["teams"] | components["schemas"]["organizations"])[];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getOrganizationMembership: {
        parameters: {
            query?: {
                /** @description Optionally side-load relationships. Can include "user" or "teams". */
                include?: ("user" | "teams")[];
            };
            header?: never;
            path: {
                /** @description The organization membership ID */
                organization_membership_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Organization membership details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["organization-memberships-envelope"] & {
                        included?: (components["schemas"]["users"] | components["schemas"]["teams"])[];
                    };
                };
            };
            /** @description Organization membership not found, or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteOrganizationMembership: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The organization membership ID */
                organization_membership_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successfully removed the user from the organization */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unable to remove the user. You cannot remove yourself from organizations which you own. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Organization membership not found, or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listRecoverableItems: {
        parameters: {
            query?: {
                /** @description Optionally side-load relationships of the specified name. Multiple values can be comma-separated. */
                include?: ("recoverable" | "deleted_by" | "project")[];
                /** @description Search term to filter recoverable items by name or project name. */
                "filter[search]"?: string;
                /** @description If true, filter recoverable items that have managed resources. False has no effect. */
                "filter[having_managed_resources]"?: boolean;
                /** @description Filter recoverable items that expire after the specified date and time. */
                "filter[expires_after]"?: string;
                /** @description Filter recoverable items by recoverable type. */
                "filter[recoverable_type]"?: "workspaces" | "stacks";
                /** @description Sort recoverable items by specified field. Prefix with '-' for descending order. */
                sort?: "expires_at" | "-expires_at" | "recoverable_name" | "-recoverable_name" | "unmanaged_resources" | "-unmanaged_resources";
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of recoverable items */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["recoverable-items"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: components["schemas"]["pagination"];
                    };
                };
            };
            /** @description Organization not found or not entitled to this feature */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    recoverRecoverableItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description ID of the recoverable item. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successfully recovered the item. No content returned. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Recoverable item cannot be recovered due to its current state */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    permanentlyDeleteRecoverableItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description ID of the recoverable item. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successfully permanently deleted the item. No content returned. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Recoverable item cannot be permanently deleted due to its current state */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listModuleProducers: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization's module producers to view. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Module producers list */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["organizations"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getDataRetentionPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization to show the data retention policy for. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Data retention policy details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["data-retention-policy-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createOrUpdateDataRetentionPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization to update the data retention policy for. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["data-retention-policy-envelope"];
            };
        };
        responses: {
            /** @description Data retention policy created or updated */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteDataRetentionPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization to remove the data retention policy for. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Data retention policy deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createOrUpdateDataRetentionPolicy_2: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization to update the data retention policy for. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["data-retention-policy-envelope"];
            };
        };
        responses: {
            /** @description Data retention policy created or updated */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listProjects: {
        parameters: {
            query?: {
                /** @description Comma-separated list of project names to filter by. */
                "filter[names]"?: string;
                /** @description If present, returns a list of projects that the authenticated user can create workspaces in. */
                "filter[permissions][create-workspace]"?: boolean;
                /** @description If present, returns a list of projects that the authenticated user can update. */
                "filter[permissions][update]"?: boolean;
                /** @description Optional. Allows sorting the organization's projects by "name". Prepending a hyphen to the sort parameter reverses the order. For example, "-name" sorts by name in reverse alphabetical order. If omitted, the default sort order is arbitrary but stable. */
                sort?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of projects */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["projects"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: components["schemas"]["pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["projects-envelope"];
            };
        };
        responses: {
            /** @description Project created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["projects-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listTokenTtlPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization to list token TTL policies for */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Token TTL policies list */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["token-ttl-policy"][];
                    };
                };
            };
            /** @description User is not part of the owners team of the organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Organization does not exist or user does not belong to the organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    upsertTokenTtlPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["token-ttl-policies-envelope"];
            };
        };
        responses: {
            /** @description Successfully created or updated token TTL policies */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["token-ttl-policy"][];
                    };
                };
            };
            /** @description User is not part of the owners team of the organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Organization does not exist or user does not belong to the organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Unable to create token TTL policy due to validation errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the project. */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Project details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["projects-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the project. */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Project deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the project. */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["projects-envelope"];
            };
        };
        responses: {
            /** @description Project updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["projects-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    moveWorkspacesIntoProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the destination project. */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspaces-identifier-array-document"];
            };
        };
        responses: {
            /** @description Successfully moved workspace(s). */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listProjectTagBindings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the project. */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of tags */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["tag-bindings-collection"];
                };
            };
            /** @description Project not found or user unauthorized to view project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addProjectTagBindings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the project. */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["tag-bindings-collection"];
            };
        };
        responses: {
            /** @description Tags added */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Project not found or user unauthorized to manage tags */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    replaceProjectTagBindings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the project. */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["tag-bindings-collection"];
            };
        };
        responses: {
            /** @description Tag bindings replaced */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Project not found or user unauthorized to manage tag bindings */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listProjectEffectiveTagBindings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the project. */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of effective tag bindings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["effective-tag-bindings-envelope-many"];
                };
            };
            /** @description Project not found or user unauthorized to view project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listWorkspaces: {
        parameters: {
            query?: {
                /** @description Partial name to filter workspaces by name. */
                "search[name]"?: string;
                /** @description Wildcard name filter for workspaces. */
                "search[wildcard-name]"?: string;
                /** @description Comma-separated list of run statuses to filter workspaces by. */
                "filter[current-run][status]"?: string;
                /** @description Filter workspaces by project external ID. */
                "filter[project][id]"?: string;
                /** @description Filter workspaces by tag names. */
                "filter[tagged]"?: string;
                /** @description Filter workspaces by tag key=value pairs. */
                "filter[tagged][value]"?: string;
                /** @description Use OR logic for filter[tagged] across effective tag bindings when any provided tag key/value pair may match. By default, filtering uses intersection semantics, so all provided tags must match. */
                "filter[tag-union]"?: boolean;
                /** @description Treat omitted filter[tagged][value] fields as NULL for effective tag bindings. */
                "filter[tag-value-default-null]"?: boolean;
                /** @description Sort workspaces. Valid values include name, current-run.created-at. Prefix with a hyphen (e.g., -name) to sort in descending order. */
                sort?: string;
                /** @description Comma-separated list of relationship names to side-load. */
                include?: ("agent_pool" | "current_assessment_result" | "current_configuration_version" | "current_configuration_version.ingress_attributes" | "current_run" | "current_run.apply" | "current_run.plan" | "current_run.configuration_version" | "current_run.configuration_version.ingress_attributes" | "current_state_version" | "current_state_version.resources_processed" | "latest_run" | "latest_run.plan" | "latest_run.configuration_version" | "latest_run.configuration_version.ingress_attributes" | "locked_by" | "no_code_module_version" | "no_code_module_version.no_code_module" | "no_code_module_version.no_code_module.latest_version" | "organization" | "outputs" | "project" | "readme" | "vars" | "effective_tag_bindings")[];
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of workspaces */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["workspaces"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                            "status-counts"?: {
                                [key: string]: number;
                            };
                        };
                        links?: components["schemas"]["self-with-pagination"];
                        included?: Record<string, never>[];
                    };
                };
            };
            /** @description Organization not found or user unauthorized to view workspaces */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspaces-envelope"];
            };
        };
        responses: {
            /** @description Workspace created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspaces-envelope"];
                };
            };
            /** @description Organization not found or user unauthorized to create workspaces */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Malformed request body or validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getWorkspaceByName: {
        parameters: {
            query?: {
                /** @description Optionally side-load relationships. */
                include?: ("agent_pool" | "current_assessment_result" | "current_configuration_version" | "current_configuration_version.ingress_attributes" | "current_run" | "current_run.apply" | "current_run.plan" | "current_run.configuration_version" | "current_run.configuration_version.ingress_attributes" | "current_state_version" | "current_state_version.resources_processed" | "latest_run" | "latest_run.plan" | "latest_run.configuration_version" | "latest_run.configuration_version.ingress_attributes" | "locked_by" | "no_code_module_version" | "no_code_module_version.no_code_module" | "no_code_module_version.no_code_module.latest_version" | "organization" | "outputs" | "project" | "readme" | "vars" | "effective_tag_bindings")[];
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
                /** @description The name of the workspace. */
                workspace_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workspace details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspaces-envelope"] & {
                        included?: Record<string, never>[];
                    };
                };
            };
            /** @description Workspace not found or user unauthorized to view workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteWorkspaceByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
                /** @description The name of the workspace. */
                workspace_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workspace deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Workspace not found or user unauthorized to delete workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateWorkspaceByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
                /** @description The name of the workspace. */
                workspace_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspaces-envelope"];
            };
        };
        responses: {
            /** @description Workspace updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspaces-envelope"];
                };
            };
            /** @description Workspace not found or user unauthorized to view workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Malformed request body */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    safeDeleteWorkspaceByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
                /** @description The name of the workspace. */
                workspace_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workspace deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Workspace not found or user unauthorized to delete workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Workspace has managed resources or is locked and cannot be safely deleted */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listProjectNotificationConfigurations: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the project */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["notification-configurations"][];
                    };
                };
            };
            /** @description Project not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createProjectNotificationConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the project */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["notification-configurations-envelope"];
            };
        };
        responses: {
            /** @description Notification configuration created successfully */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["notification-configurations-envelope"];
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Project not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listWorkspaceNotificationConfigurations: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of notification configurations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["notification-configurations"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createWorkspaceNotificationConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["notification-configurations-envelope"];
            };
        };
        responses: {
            /** @description Notification configuration created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["notification-configurations-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listTeamNotificationConfigurations: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the team. */
                team_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of notification configurations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["notification-configurations"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createTeamNotificationConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the team. */
                team_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["notification-configurations-envelope"];
            };
        };
        responses: {
            /** @description Notification configuration created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["notification-configurations-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getNotificationConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the notification configuration. */
                notification_configuration_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Notification configuration details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["notification-configurations-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteNotificationConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the notification configuration. */
                notification_configuration_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Notification configuration deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateNotificationConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the notification configuration. */
                notification_configuration_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["notification-configurations-envelope"];
            };
        };
        responses: {
            /** @description Notification configuration updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["notification-configurations-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    enableNotificationConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the notification configuration. */
                notification_configuration_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Notification configuration enabled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["notification-configurations-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    verifyNotificationConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the notification configuration. */
                notification_configuration_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Notification configuration verified */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["notification-configurations-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    verifyEmailRecipientStatus: {
        parameters: {
            query: {
                /** @description The signed token for verifying the email address */
                token: string;
                /** @description The notification configuration external ID used to render the subscribable name */
                config?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Email verification page rendered successfully */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid or expired token */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    performEmailRecipientVerification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": {
                    /** @description The signed token for verifying the email address */
                    token: string;
                    /** @description The notification configuration external ID used to render the subscribable name */
                    config?: string;
                };
            };
        };
        responses: {
            /** @description Email recipient verification completed successfully */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid or expired token */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    unsubscribeEmailRecipient: {
        parameters: {
            query: {
                /** @description The signed token for unsubscribing the email address */
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Email recipient unsubscribed successfully */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["email-recipient-statuses-envelope"];
                };
            };
            /** @description Invalid or expired token */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    saveUnsubscribePreferences: {
        parameters: {
            query: {
                /** @description The signed token for the unsubscribe operation */
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /**
                     * @description The unsubscribe preference selected by the user
                     * @enum {string}
                     */
                    unsubscribe_preference: "project" | "all_organization" | "cancel";
                    /** @description Optional external ID of the notification configuration (for project unsubscribe) */
                    configuration?: string;
                };
            };
        };
        responses: {
            /** @description Preferences saved successfully */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid or expired token */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    listAllVars: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of all variables accessible to a workspace */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["vars"][];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listWorkspaceVars: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of variables for the workspace */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["vars"][];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createWorkspaceVar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["vars-envelope"];
            };
        };
        responses: {
            /** @description Variable created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["vars-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showWorkspaceVar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
                /** @description The ID of the variable. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Variable details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["vars-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteWorkspaceVar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
                /** @description The ID of the variable. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Variable deleted successfully */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateWorkspaceVar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
                /** @description The ID of the variable. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["vars-envelope"];
            };
        };
        responses: {
            /** @description Variable updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["vars-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showProviderSet: {
        parameters: {
            query?: {
                /**
                 * @description Comma-separated list of related resources to include. Valid values: projects, workspaces.
                 * @example projects,workspaces
                 */
                include?: string;
            };
            header?: never;
            path: {
                /** @description The ID of the provider set. */
                provider_set_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Provider set details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["provider-sets-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteProviderSet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the provider set. */
                provider_set_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Provider set deleted successfully */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateProviderSet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the provider set. */
                provider_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["provider-sets-envelope"];
            };
        };
        responses: {
            /** @description Provider set updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["provider-sets-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addProviderSetProjects: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the provider set. */
                provider_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["projects-identifier-array-document"];
            };
        };
        responses: {
            /** @description Projects successfully added to provider set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removeProviderSetProjects: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the provider set. */
                provider_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["projects-identifier-array-document"];
            };
        };
        responses: {
            /** @description Projects successfully removed from provider set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addProviderSetWorkspaces: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the provider set. */
                provider_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspaces-identifier-array-document"];
            };
        };
        responses: {
            /** @description Workspaces successfully added to provider set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removeProviderSetWorkspaces: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the provider set. */
                provider_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspaces-identifier-array-document"];
            };
        };
        responses: {
            /** @description Workspaces successfully removed from provider set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getProviderSets: {
        parameters: {
            query?: {
                /**
                 * @description Comma-separated list of related resources to include. Valid values: projects, workspaces.
                 * @example projects,workspaces
                 */
                include?: string;
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Provider sets' details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["provider-sets"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: components["schemas"]["pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createProviderSet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["provider-sets-envelope"];
            };
        };
        responses: {
            /** @description Provider set created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["provider-sets-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    batchDeleteProviderSets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": {
                    data?: {
                        /** @enum {string} */
                        type?: "provider-sets";
                        id?: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description Provider sets deleted successfully */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showProviderSetByName: {
        parameters: {
            query?: {
                /**
                 * @description Comma-separated list of related resources to include. Valid values: projects, workspaces.
                 * @example projects,workspaces
                 */
                include?: string;
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
                /** @description The name of the provider_set. */
                provider_set_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Provider set details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["provider-sets-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getProjectProviderSets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id of a project. */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Provider sets' details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["provider-sets"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: components["schemas"]["pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getWorkspaceProviderSets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id of a workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Provider sets' details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["provider-sets"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: components["schemas"]["pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showVarset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the variable set. */
                varset_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Variable set details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["varsets-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateVarsetPost: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the variable set. */
                varset_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["varsets-envelope"];
            };
        };
        responses: {
            /** @description Variable set updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["varsets-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteVarset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the variable set. */
                varset_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Variable set deleted successfully */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateVarset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the variable set. */
                varset_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["varsets-envelope"];
            };
        };
        responses: {
            /** @description Variable set updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["varsets-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listOrganizationVarsets: {
        parameters: {
            query?: {
                /** @description A search query string. You can search for a variable set using its name. */
                q?: string;
                /** @description When true, returns only global variable sets. When false, returns only non-global variable sets. */
                "filter[global]"?: boolean;
                /** @description When set to "owned", returns only organization-owned variable sets. */
                scope?: "owned";
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of variable sets for the organization */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["varsets"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: components["schemas"]["pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createVarset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["varsets-envelope"];
            };
        };
        responses: {
            /** @description Variable set created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["varsets-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listVarsetVars: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the variable set. */
                varset_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of variables in the variable set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["vars"][];
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addVarsetVar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the variable set. */
                varset_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["vars-envelope"];
            };
        };
        responses: {
            /** @description Variable added to variable set */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["vars-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showVarsetVar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the variable set. */
                varset_id: string;
                /** @description The ID of the variable. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Variable details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["vars-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteVarsetVar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the variable set. */
                varset_id: string;
                /** @description The ID of the variable to delete. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Variable deleted successfully */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateVarsetVar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the variable set. */
                varset_id: string;
                /** @description The ID of the variable to update. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["vars-envelope"];
            };
        };
        responses: {
            /** @description Variable updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["vars-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showWorkspaceVarsetVar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace providing overwrite context. */
                workspace_id: string;
                /** @description The ID of the variable set. */
                varset_id: string;
                /** @description The ID of the variable. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Variable details with workspace overwrite context */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["vars-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listWorkspaceVarsetVars: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace providing overwrite context. */
                workspace_id: string;
                /** @description The ID of the variable set. */
                varset_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of variables in the variable set with workspace overwrite context */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["vars"][];
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    applyVarsetToProjects: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the variable set. */
                varset_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["projects-identifier-array-document"];
            };
        };
        responses: {
            /** @description Variable set successfully applied to the requested projects. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removeVarsetFromProjects: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the variable set. */
                varset_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["projects-identifier-array-document"];
            };
        };
        responses: {
            /** @description Variable set successfully removed from the requested projects. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    applyVarsetToWorkspaces: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the variable set. */
                varset_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspaces-identifier-array-document"];
            };
        };
        responses: {
            /** @description Variable set successfully applied to the requested workspaces. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removeVarsetFromWorkspaces: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the variable set. */
                varset_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspaces-identifier-array-document"];
            };
        };
        responses: {
            /** @description Variable set successfully removed from the requested workspaces. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    applyVarsetToStacks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the variable set. */
                varset_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["jsonapi-identifier-array-document"];
            };
        };
        responses: {
            /** @description Variable set successfully applied to the requested Stacks. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removeVarsetFromStacks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the variable set. */
                varset_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["jsonapi-identifier-array-document"];
            };
        };
        responses: {
            /** @description Variable set successfully removed from the requested Stacks. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listProjectVarsets: {
        parameters: {
            query?: {
                /** @description A search query string. You can search for a variable set using its name. */
                q?: string;
                /** @description Filter variable sets by scope relative to the project. */
                scope?: "applied" | "shared" | "owned" | "all";
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the project. */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of variable sets for the project */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["varsets"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: components["schemas"]["pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listWorkspaceVarsets: {
        parameters: {
            query?: {
                /** @description A search query string. You can search for a variable set using its name. */
                q?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of variable sets for the workspace */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["varsets"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: components["schemas"]["pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listWorkspaceResources: {
        parameters: {
            query?: {
                /** @description Optional search query to filter resources by address pattern. */
                q?: string;
                /** @description Optional sort parameter. Allows sorting workspace resources by name, nameIndex, provider,  providerType, module, or updatedAt. Format is "field:order" where order is "asc" or "desc". */
                sort?: "name:asc" | "name:desc" | "nameIndex:asc" | "nameIndex:desc" | "provider:asc" | "provider:desc" | "providerType:asc" | "providerType:desc" | "module:asc" | "module:desc" | "updatedAt:asc" | "updatedAt:desc";
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the workspace to retrieve resources from. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of workspace resources */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["workspace-resource"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Workspace not found or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getWorkspace: {
        parameters: {
            query?: {
                /** @description Optionally side-load relationships. */
                include?: ("agent_pool" | "current_assessment_result" | "current_configuration_version" | "current_configuration_version.ingress_attributes" | "current_run" | "current_run.apply" | "current_run.plan" | "current_run.configuration_version" | "current_run.configuration_version.ingress_attributes" | "current_state_version" | "current_state_version.resources_processed" | "latest_run" | "latest_run.plan" | "latest_run.configuration_version" | "latest_run.configuration_version.ingress_attributes" | "locked_by" | "no_code_module_version" | "no_code_module_version.no_code_module" | "no_code_module_version.no_code_module.latest_version" | "organization" | "outputs" | "project" | "readme" | "vars" | "effective_tag_bindings")[];
            };
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workspace details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspaces-envelope"] & {
                        included?: Record<string, never>[];
                    };
                };
            };
            /** @description Workspace not found or user unauthorized to view workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workspace deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Workspace not found or user unauthorized to delete workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspaces-envelope"];
            };
        };
        responses: {
            /** @description Workspace updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspaces-envelope"];
                };
            };
            /** @description Workspace not found or user unauthorized to view workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Malformed request body */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    lockWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/vnd.api+json": components["schemas"]["action-reason"];
            };
        };
        responses: {
            /** @description Workspace locked successfully */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspaces-envelope"];
                };
            };
            /** @description Workspace not found or user unauthorized to lock workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Workspace is already locked */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    unlockWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workspace unlocked successfully */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspaces-envelope"];
                };
            };
            /** @description Workspace not found or user unauthorized to unlock workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Workspace is locked by another user */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    forceUnlockWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workspace force-unlocked successfully */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspaces-envelope"];
                };
            };
            /** @description Workspace not found or user unauthorized to force-unlock workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    safeDeleteWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workspace deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Workspace not found or user unauthorized to delete workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Workspace has managed resources or is locked and cannot be safely deleted */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    assessWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Assessment triggered successfully */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspaces-envelope"];
                };
            };
            /** @description Workspace not found or user unauthorized to manage assessments */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Assessment cannot be triggered in the current workspace state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listWorkspaceRemoteStateConsumers: {
        parameters: {
            query?: {
                /** @description When true, return only explicitly configured remote state consumers even if global-remote-state is enabled. */
                show_only_configured?: boolean;
            };
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of workspaces that can consume this workspace's remote state */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["workspaces"][];
                    };
                };
            };
            /** @description Workspace not found or user unauthorized to view workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addWorkspaceRemoteStateConsumers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspaces-identifier-array-document"];
            };
        };
        responses: {
            /** @description Remote state consumers updated */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Workspace not found or user unauthorized to manage remote state consumers */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removeWorkspaceRemoteStateConsumers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspaces-identifier-array-document"];
            };
        };
        responses: {
            /** @description Remote state consumers removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Workspace not found or user unauthorized to manage remote state consumers */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    replaceWorkspaceRemoteStateConsumers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspaces-identifier-array-document"];
            };
        };
        responses: {
            /** @description Remote state consumers replaced */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Workspace not found or user unauthorized to manage remote state consumers */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    assignWorkspaceSshKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["ssh-keys-nullable-identifier-document"];
            };
        };
        responses: {
            /** @description SSH key assignment updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspaces-envelope"];
                };
            };
            /** @description Workspace or SSH key not found, or user unauthorized */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateWorkspaceVars: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspace-vars-update-document"];
            };
        };
        responses: {
            /** @description Variables updated */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many variables or invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Workspace not found or user unauthorized to update variables */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Validation error on one or more variables */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listWorkspaceTagBindings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of tags */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["tag-bindings-collection"];
                };
            };
            /** @description Workspace not found or user unauthorized to view workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addWorkspaceTagBindings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["tag-bindings-collection"];
            };
        };
        responses: {
            /** @description Tags added */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Workspace not found or user unauthorized to manage tags */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    replaceWorkspaceTagBindings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["tag-bindings-collection"];
            };
        };
        responses: {
            /** @description Tag bindings replaced */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Workspace not found or user unauthorized to manage tag bindings */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listWorkspaceEffectiveTagBindings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of effective tag bindings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["effective-tag-bindings-envelope-many"];
                };
            };
            /** @description Workspace not found or user unauthorized to view workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listWorkspaceTags: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of tags */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: {
                            id?: string;
                            /** @enum {string} */
                            type?: "tags";
                            attributes?: {
                                name?: string;
                            };
                        }[];
                    };
                };
            };
            /** @description Workspace not found or user unauthorized to view workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addWorkspaceTags: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["tags-create-array-document"];
            };
        };
        responses: {
            /** @description Tags added */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Workspace not found or user unauthorized to manage tags */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removeWorkspaceTags: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["tags-remove-array-document"];
            };
        };
        responses: {
            /** @description Tags removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Workspace not found or user unauthorized to manage tags */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getWorkspaceDataRetentionPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workspace data retention policy */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["data-retention-policy-envelope"];
                };
            };
            /** @description Workspace not found or policy not set */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteWorkspaceDataRetentionPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Data retention policy deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Workspace not found or user unauthorized */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    setWorkspaceDataRetentionPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["data-retention-policy-envelope"];
            };
        };
        responses: {
            /** @description Data retention policy set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["data-retention-policy-envelope"];
                };
            };
            /** @description Workspace not found or user unauthorized */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Malformed request body */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getCurrentStateVersion: {
        parameters: {
            query?: {
                /** @description Optionally side-load relationships. */
                include?: "outputs"[];
            };
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Current state version details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["current-state-version-envelope"];
                };
            };
            /** @description Workspace not found, no current state version exists, or user unauthorized */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getCurrentAssessmentResult: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Current assessment result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["assessment-results-envelope"];
                };
            };
            /** @description Workspace not found, no current assessment result exists, or user unauthorized */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listApplicableVarsets: {
        parameters: {
            query?: {
                /** @description Optional search query to filter variable sets by name. */
                q?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The external ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of applicable variable sets */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: {
                            id?: string;
                            /** @enum {string} */
                            type?: "varsets";
                            attributes?: {
                                name?: string;
                                description?: string | null;
                                global?: boolean;
                                "auto-apply"?: boolean;
                                "var-count"?: number;
                                "workspace-count"?: number;
                                "project-count"?: number;
                                /** Format: date-time */
                                readonly "created-at"?: string;
                                /** Format: date-time */
                                readonly "updated-at"?: string;
                            };
                        }[];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                            "status-counts"?: {
                                [key: string]: number;
                            };
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Workspace not found or user unauthorized to view workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listRuns: {
        parameters: {
            query: {
                /** @description Workspace ID */
                workspace_id: string;
                /** @description Organization Name */
                organization_name: string;
                /** @description Filter by run operation. */
                "filter[operation]"?: string;
                /** @description Filter by run status. */
                "filter[status]"?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of runs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["runs"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["runs-envelope"];
            };
        };
        responses: {
            /** @description Run created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["runs-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getRun: {
        parameters: {
            query?: {
                /**
                 * @description Available side-load related resources. Multiple values can be comma-separated.
                 *
                 *     Available includes:
                 *     - `plan` - The plan for this run
                 *     - `apply` - The apply for this run
                 *     - `created_by` - The user who created this run
                 *     - `configuration_version` - The configuration version used
                 *     - `configuration_version.ingress_attributes` - VCS ingress details
                 *     - `cost_estimate` - Cost estimation for this run
                 *     - `workspace` - The workspace this run belongs to
                 *     - `task_stages` - Run task stages
                 *     - `tf_policy_evaluations` - Terraform Policy evaluations *(public-beta)*
                 */
                include?: ("plan" | "apply" | "created_by" | "configuration_version" | "configuration_version.ingress_attributes" | "cost_estimate" | "workspace" | "task_stages" | "tf_policy_evaluations")[];
            };
            header?: never;
            path: {
                /** @description Run ID */
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Run details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["runs-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getRunConfigurationVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the run */
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Configuration version details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["configuration-versions-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    downloadRunConfigurationVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the run. */
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description .tar.gz file containing the configuration version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listRunComments: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description Run ID */
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of comments */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["comments"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createRunComment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Run ID */
                run_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["comments-envelope"];
            };
        };
        responses: {
            /** @description Comment created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["comments-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showComment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Comment ID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Comment details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["comments-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    applyRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Run ID */
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/vnd.api+json": components["schemas"]["action-comment"];
            };
        };
        responses: {
            /** @description Successfully queued an apply request */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": "null";
                };
            };
            /** @description Run was not paused for confirmation; apply not allowed. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listWorkspaceRuns: {
        parameters: {
            query?: {
                /** @description Filter by run operation. */
                "filter[operation]"?: string;
                /** @description Filter by run status. */
                "filter[status]"?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description Workspace ID */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of runs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["runs"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listRunTriggers: {
        parameters: {
            query: {
                /** @description Filter by run trigger type (inbound or outbound) */
                "filter[run-trigger][type]": "inbound" | "outbound";
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description Workspace ID */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of run triggers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["run-triggers"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createRunTrigger: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace ID */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["run-triggers-envelope"];
            };
        };
        responses: {
            /** @description Run trigger created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["run-triggers-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showRunTrigger: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Run Trigger ID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Run trigger details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["run-triggers-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteRunTrigger: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Run Trigger ID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Run trigger deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listOrganizationRuns: {
        parameters: {
            query?: {
                /** @description Filter by run operation. */
                "filter[operation]"?: string;
                /** @description Filter by run status. */
                "filter[status]"?: string;
                /** @description Filter by timeframe. Must be a numeric year or "year" for the last 12 months (the default). */
                "filter[timeframe]"?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description Organization name */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of runs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["runs"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination-without-totals"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showPlan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the plan to show. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successfully returned the plan. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["plans-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getPlanJSONOutput: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the plan to show. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Plan JSON supported, but plan has not yet completed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Plan JSON found and temporary download URL generated. */
            307: {
                headers: {
                    /** @description Temporary URL to download the JSON output */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Plan does not use a supported version of Terraform (< 0.12.X). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getPlanJSONOutputRedacted: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the plan to show. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Plan JSON output rendered inline because the pre-generated redacted plan file is not yet available. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Redacted plan JSON supported, but plan has not yet completed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Redacted plan JSON found and temporary download URL generated. */
            307: {
                headers: {
                    /** @description Temporary URL to download the redacted JSON output */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Plan or redacted plan output not found. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Plan does not use a supported version of Terraform (< 0.15.2). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getPlanJSONSchema: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the plan to show. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Provider schema JSON supported, but plan has not yet completed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Provider schema JSON found and temporary download URL generated. */
            307: {
                headers: {
                    /** @description Temporary URL to download the JSON provider schemas */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Plan or provider schema output not found. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Plan does not use a supported version of Terraform (< 0.12.X). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    softDeletePlanBackingData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the plan to mark for garbage collection. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Plan backing data marked for garbage collection */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    restorePlanBackingData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the plan to restore. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Plan backing data restore initiated */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    permanentlyDeletePlanBackingData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the plan to permanently delete backing data for. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Plan backing data permanently deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getPlanJSONSchemaOutput: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the plan to show. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Plan JSON supported, but plan has not yet completed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Plan JSON found and temporary download URL generated. */
            307: {
                headers: {
                    /** @description Temporary URL to download the JSON schema output */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Plan does not use a supported version of Terraform (< 0.12.X). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getRunPlan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the run whose plan you want to get. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successfully returned the plan. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["plans-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getRunPlanJsonOutput: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the run whose plan json you want to get. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Plan JSON supported, but plan has not yet completed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Plan JSON found and temporary download URL generated. */
            307: {
                headers: {
                    /** @description Temporary URL to download the JSON output */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Plan does not use a supported version of Terraform (< 0.12.X). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy to show. */
                policy_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["policies-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deletePolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy to delete. */
                policy_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updatePolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy to update. */
                policy_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["policies-envelope"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["policies-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listPolicies: {
        parameters: {
            query?: {
                /** @description Allows searching the organization's policies by name. */
                "search[name]"?: string;
                /** @description Filter policies by kind. Valid values are sentinel and opa. */
                "filter[kind]"?: "sentinel" | "opa";
                /** @description Sort policies by the specified field. Valid values are name, -name, updated-at, and -updated-at. Prefix with - for descending order. */
                sort?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["policies"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["policies-envelope"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["policies-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    downloadPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy to download. */
                policy_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description .tar.gz file containing the policy code. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    uploadPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy to upload code to. */
                policy_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["policies-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getPolicyCheck: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy check to show. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Policy check details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["policy-checks-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getPolicyCheckOutput: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy check. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Output log retrieved successfully. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    overridePolicyCheck: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy check to override. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/vnd.api+json": components["schemas"]["action-comment"];
            };
        };
        responses: {
            /** @description Policy check successfully overridden */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["policy-checks-envelope"];
                };
            };
            /** @description The policy check is not in an overridable state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listRunPolicyChecks: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the run to list policy checks for. */
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of policy checks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["policy-checks"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listRunTfPolicyEvaluations: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the run to list Terraform Policy evaluations for. */
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of Terraform Policy evaluations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["tf-policy-evaluation"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getTfPolicyEvaluation: {
        parameters: {
            query?: {
                /** @description Comma-separated list of related resources to include. */
                include?: "tf_policy_set_outcomes"[];
            };
            header?: never;
            path: {
                /** @description The ID of the Terraform Policy evaluation to show. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Terraform Policy evaluation details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["tf-policy-evaluations-envelope"] & {
                        included?: components["schemas"]["tf-policy-set-outcome"][];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    overrideTfPolicyEvaluation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the Terraform Policy evaluation to override. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/vnd.api+json": {
                    /** @description An optional comment explaining the reason for overriding the Terraform Policy evaluation. */
                    comment?: string | null;
                };
            };
        };
        responses: {
            /** @description Terraform Policy evaluation successfully overridden */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["tf-policy-evaluations-envelope"];
                };
            };
            /** @description The Terraform Policy evaluation is not in an overridable state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listTfPolicyEvaluationTfPolicySetOutcomes: {
        parameters: {
            query?: {
                /**
                 * @description Filter outcomes using OR-grouped AND conditions. Each numeric index defines
                 *     an independent AND-condition group; groups are combined with OR.
                 *
                 *     Example — return outcomes that are errored OR (failed + mandatory) OR (failed + mandatory_overridable):
                 *     ```
                 *     filter[0][status]=errored
                 *     &filter[1][status]=failed&filter[1][enforcement_level]=mandatory
                 *     &filter[2][status]=failed&filter[2][enforcement_level]=mandatory_overridable
                 *     ```
                 */
                filter?: {
                    /**
                     * @description Filter outcomes by status.
                     * @enum {string}
                     */
                    status?: "passed" | "failed" | "errored" | "unknown";
                    /**
                     * @description Filter outcomes by enforcement level.
                     * @enum {string}
                     */
                    enforcement_level?: "advisory" | "mandatory" | "mandatory_overridable";
                }[];
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the Terraform Policy evaluation to list Terraform Policy set outcomes for. */
                tf_policy_evaluation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of Terraform Policy set outcomes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["tf-policy-set-outcome"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Invalid filter provided */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getTfPolicySetOutcome: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the Terraform Policy set outcome to show. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Terraform Policy set outcome details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["tf-policy-set-outcomes-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listPolicySetParams: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of policy set parameters */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["vars"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createPolicySetParam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["vars-envelope"];
            };
        };
        responses: {
            /** @description Policy set parameter created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["vars-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getPolicySetParam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
                /** @description The ID of the parameter. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Policy set parameter details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["vars-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deletePolicySetParam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
                /** @description The ID of the parameter to delete. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Policy set parameter deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updatePolicySetParam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
                /** @description The ID of the parameter to update. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["vars-envelope"];
            };
        };
        responses: {
            /** @description Policy set parameter updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["vars-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getPolicySet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Policy set details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["policy-sets-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deletePolicySet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Policy set deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updatePolicySet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["policy-sets-envelope"];
            };
        };
        responses: {
            /** @description Policy set updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["policy-sets-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listPolicySets: {
        parameters: {
            query?: {
                /** @description If true, only return versioned policy sets. If false, only return non-versioned policy sets. */
                "filter[versioned]"?: boolean;
                /**
                 * @description Filter policy sets by kind.
                 *
                 *     **Note:** The following kind values are in public-beta:
                 *     - `tfpolicy` - Terraform Policy enforcement
                 */
                "filter[kind]"?: "sentinel" | "opa" | "tfpolicy";
                /** @description Filter policy sets by name. */
                "search[name]"?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of policy sets */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["policy-sets"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createPolicySet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["policy-sets-envelope"];
            };
        };
        responses: {
            /** @description Policy set created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["policy-sets-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addPolicySetWorkspaces: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspaces-identifier-array-document"];
            };
        };
        responses: {
            /** @description Workspaces successfully added to policy set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removePolicySetWorkspaces: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspaces-identifier-array-document"];
            };
        };
        responses: {
            /** @description Workspaces successfully removed from policy set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addPolicySetPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["policies-identifier-array-document"];
            };
        };
        responses: {
            /** @description Policies successfully added to policy set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removePolicySetPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["policies-identifier-array-document"];
            };
        };
        responses: {
            /** @description Policies successfully removed from policy set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addPolicySetProjects: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["projects-identifier-array-document"];
            };
        };
        responses: {
            /** @description Projects successfully added to policy set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removePolicySetProjects: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["projects-identifier-array-document"];
            };
        };
        responses: {
            /** @description Projects successfully removed from policy set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addPolicySetWorkspaceExclusions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspaces-identifier-array-document"];
            };
        };
        responses: {
            /** @description Workspace exclusions successfully added to policy set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removePolicySetWorkspaceExclusions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspaces-identifier-array-document"];
            };
        };
        responses: {
            /** @description Workspace exclusions successfully removed from policy set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addPolicySetProjectExclusions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["projects-identifier-array-document"];
            };
        };
        responses: {
            /** @description Project exclusions successfully added to policy set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removePolicySetProjectExclusions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["projects-identifier-array-document"];
            };
        };
        responses: {
            /** @description Project exclusions successfully removed from policy set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addPolicySetTagSelectors: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": {
                    data?: {
                        /** @description The tag key to match. */
                        "tag-key": string;
                        /** @description The tag value to match. */
                        "tag-value": string | null;
                        /** @description Whether this selector excludes matching workspaces. */
                        "is-exclude": boolean;
                    }[];
                };
            };
        };
        responses: {
            /** @description Tag selectors successfully added to policy set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Policy set not found or feature not enabled. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Validation error, e.g. tag-based scoping conflicts with explicit associations. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removePolicySetTagSelectors: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": {
                    data?: {
                        /** @description The tag key to match. */
                        "tag-key": string;
                        /** @description The tag value to match. */
                        "tag-value": string | null;
                        /** @description Whether this selector excludes matching workspaces. */
                        "is-exclude": boolean;
                    }[];
                };
            };
        };
        responses: {
            /** @description Tag selectors successfully removed from policy set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Policy set not found or feature not enabled. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listPolicySetVersions: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of policy set versions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["policy-set-versions"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createPolicySetVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set. */
                policy_set_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Policy set version created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["policy-set-versions-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getPolicySetVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set version. */
                policy_set_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Policy set version details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["policy-set-versions-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getPolicyEvaluation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy evaluation to show. */
                policy_evaluation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Policy evaluation details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["policy-evaluations-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listPolicySetOutcomes: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the policy evaluation to list outcomes for. */
                policy_evaluation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of policy set outcomes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["policy-set-outcomes"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Invalid filter provided */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getPolicySetOutcome: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the policy set outcome to show. */
                policy_set_outcome_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Policy set outcome details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["policy-set-outcomes-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listTaskStagePolicyEvaluations: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the task stage to list policy evaluations for. */
                task_stage_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of policy evaluations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["policy-evaluations"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createPlanExport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["plan-exports-envelope"];
            };
        };
        responses: {
            /** @description Plan export created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["plan-exports-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showPlanExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the plan export to show. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Plan export details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["plan-exports-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deletePlanExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the plan export to delete. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Plan export deleted successfully */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    downloadPlanExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the plan export to download. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description .tar.gz file containing the exported plan data. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getAssessmentResult: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the assessment result to show. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request was successful */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["assessment-results-envelope"];
                };
            };
            /** @description Assessment result not found, or user unauthorized to perform action */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getAssessmentResultJSONOutput: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the assessment result. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Assessment result JSON output found and returned. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Assessment result failed or JSON output is not available. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getAssessmentResultJSONSchema: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the assessment result. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON schema found and returned. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Assessment result failed or JSON schema is not available. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getAssessmentResultSanitizedPlan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The external ID of the assessment result. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sanitized plan found and returned. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description HYOK not available, assessment result failed, or sanitized plan is not available. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getAssessmentResultLogOutput: {
        parameters: {
            query?: {
                /** @description Maximum number of bytes to return */
                limit?: number;
                /** @description Byte offset to start reading from */
                offset?: number;
                /** @description If true, return the last N bytes instead of the first N bytes */
                tail?: boolean;
            };
            header?: never;
            path: {
                /** @description The external ID of the assessment result. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Log output returned successfully. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getApply: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the apply to show. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request was successful */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["applies-envelope"];
                };
            };
            /** @description Apply not found, or user unauthorized to perform action */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getApplyErroredState: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the apply to recover state for. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Errored state available and user is authorized to read it */
            307: {
                headers: {
                    /** @description Storage URL to raw state file */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Apply not found, errored state not uploaded, or user unauthorized to perform action */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    softDeleteApplyBackingData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the apply to mark for garbage collection. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Apply backing data marked for garbage collection */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    restoreApplyBackingData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the apply to restore. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Apply backing data restore initiated */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    permanentlyDeleteApplyBackingData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the apply to permanently delete backing data for. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Apply backing data permanently deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    softDeleteAssessmentBackingData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the assessment to mark for garbage collection. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Assessment backing data marked for garbage collection */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    restoreAssessmentBackingData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the assessment to restore. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Assessment backing data restore initiated */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    permanentlyDeleteAssessmentBackingData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the assessment to permanently delete backing data for. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Assessment backing data permanently deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showCostEstimate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the cost estimate to show. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request was successful */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["cost-estimates-envelope"];
                };
            };
            /** @description Cost estimate not found, or user unauthorized to perform action */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listStateVersions: {
        parameters: {
            query: {
                /** @description The name of the workspace to list state versions for. */
                "filter[workspace][name]": string;
                /** @description The name of the organization that owns the workspace. */
                "filter[organization][name]": string;
                /** @description Filter state versions by status. One or more comma-separated values from pending, finalized, or discarded. */
                "filter[status]"?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of state versions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["state-versions"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getStateVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the state version to show. */
                state_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description State version details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["state-versions-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listStateVersionOutputs: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the state version whose outputs to list. */
                state_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of state version outputs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["state-version-outputs"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    softDeleteStateVersionBackingData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the state version to mark for garbage collection. */
                state_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description State version backing data marked for garbage collection */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    restoreStateVersionBackingData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the state version to restore. */
                state_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description State version backing data restore initiated */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    permanentlyDeleteStateVersionBackingData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the state version to permanently delete backing data for. */
                state_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description State version backing data permanently deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createStateVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace to create the state version in. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["state-versions-envelope"];
            };
        };
        responses: {
            /** @description State version created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["state-versions-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    rollbackStateVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace to rollback the state version in. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["state-versions-envelope"];
            };
        };
        responses: {
            /** @description State version rollback created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["state-versions-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getStateVersionOutput: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the state version output to show. */
                state_version_output_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request was successful */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["state-version-outputs-envelope"];
                };
            };
            /** @description State version output not found or user not authorized to perform action */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getCurrentStateVersionOutputs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace to read outputs from. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request was successful */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["state-version-outputs"][];
                    };
                };
            };
            /** @description State version outputs are being processed and are not yet ready. Retry the request. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description State version outputs not found or user not authorized to perform action */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listHyokConfigurations: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["hyok-configurations"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Organization not found, or user unauthorized to perform action */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createHyokConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Name of the organization */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["hyok-configurations-envelope"];
            };
        };
        responses: {
            /** @description HYOK Configuration created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["hyok-configurations-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    testUnpersistedHyokConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Name of the organization */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": {
                    "hyok-configuration": {
                        data?: components["schemas"]["hyok-configurations"];
                    };
                    "oidc-configuration": {
                        data?: components["schemas"]["aws-oidc-configurations"] | components["schemas"]["gcp-oidc-configurations"] | components["schemas"]["azure-oidc-configurations"] | components["schemas"]["vault-oidc-configurations"];
                    };
                };
            };
        };
        responses: {
            /** @description HYOK Configuration successfully tested and verified */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createOidcConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Name of the organization */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["oidc-configuration-envelope"];
            };
        };
        responses: {
            /** @description OIDC Configuration created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["oidc-configuration-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getHyokConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description HYOK Configuration ID */
                hyok_configuration_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description HYOK Configuration details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["hyok-configurations-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteHyokConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description HYOK Configuration ID */
                hyok_configuration_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description HYOK configuration deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateHyokConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description HYOK configuration ID */
                hyok_configuration_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["hyok-configurations-envelope"];
            };
        };
        responses: {
            /** @description HYOK configuration updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["hyok-configurations-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listHyokCustomerKeyVersions: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description HYOK Configuration ID */
                hyok_configuration_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["hyok-customer-key-versions"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    revokeHyokConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description HYOK Configuration ID */
                hyok_configuration_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/vnd.api+json": Record<string, never>;
            };
        };
        responses: {
            /** @description HYOK Configuration revocation initiated */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": "null";
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    testHyokConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description HYOK Configuration ID */
                hyok_configuration_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description HYOK Configuration successfully tested and verified */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getHyokCustomerKeyVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description HYOK Customer Key Version ID */
                hyok_customer_key_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description HYOK Customer Key Version details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["hyok-customer-key-versions-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteHyokCustomerKeyVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description HYOK Customer Key Version ID */
                hyok_customer_key_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description HYOK Customer Key Version deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    revokeHyokCustomerKeyVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description HYOK Customer Key Version ID */
                hyok_customer_key_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/vnd.api+json": Record<string, never>;
            };
        };
        responses: {
            /** @description HYOK Key Version revocation initiated */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": "null";
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getHyokEncryptedDataKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description HYOK Encrypted Data Key ID */
                hyok_encrypted_data_key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description HYOK Encrypted Data Key details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["hyok-encrypted-data-keys-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getOidcConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description OIDC Configuration ID */
                oidc_configuration_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OIDC Configuration details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["oidc-configuration-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteOidcConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description OIDC Configuration ID */
                oidc_configuration_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OIDC Configuration deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateOidcConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description OIDC Configuration ID */
                oidc_configuration_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["oidc-configuration-envelope"];
            };
        };
        responses: {
            /** @description OIDC Configuration updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["oidc-configuration-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getAuthenticationToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description ID - Can be a token ID or a team ID, depending on the token type */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Authentication Token details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["authentication-tokens-envelope"];
                };
            };
            /** @description Error Details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteAuthenticationToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description ID - Can be a token ID or a team ID, depending on the token type */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Authentication token deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the desired user. */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description User details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["users-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listUserGithubAppOauthTokens: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the user. */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GitHub App OAuth tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["github-app-oauth-tokens"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listUserTokens: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description User ID */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["authentication-tokens"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createUserToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User ID */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["authentication-tokens-envelope"];
            };
        };
        responses: {
            /** @description User token created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["authentication-tokens-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listAgentTokens: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the Agent Pool */
                agent_pool_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["authentication-tokens"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createAgentToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the Agent Pool */
                agent_pool_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["authentication-tokens-envelope"];
            };
        };
        responses: {
            /** @description Agent token created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["authentication-tokens-envelope"];
                };
            };
            /** @description Agent Pool not found or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Malformed request body (missing attributes, wrong types, etc.) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Failure during Agent Token creation */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getTeamAuthenticationToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Team ID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Authentication Token details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["authentication-tokens-envelope"];
                };
            };
            /** @description Error Details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createTeamAuthenticationToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Team ID */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["authentication-tokens-envelope"];
            };
        };
        responses: {
            /** @description Authentication token created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["authentication-tokens-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteTeamAuthenticationToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Team ID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Authentication token deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showOrganizationAuditTrail: {
        parameters: {
            query?: {
                /** @description Returns only audit events created after this date. Must be a UTC ISO8601 datetime string (YYYY-MM-DDTHH:MM:SS.SSSZ). */
                since?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Audit events list */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data?: {
                            /**
                             * Format: uuid
                             * @description The ID of this audit event.
                             */
                            id?: string;
                            /** @description The audit trail schema version. */
                            version?: string;
                            /** @description The type of audit event (defaults to "Resource"). */
                            type?: string;
                            /**
                             * Format: date-time
                             * @description UTC ISO8601 timestamp of the event.
                             */
                            timestamp?: string;
                            auth?: {
                                /** @description The ID of the audited actor. */
                                accessor_id?: string;
                                /** @description Username of the audited actor. */
                                description?: string | null;
                                /** @description Authentication type. One of "Client", "Impersonated", or "System". */
                                type?: string | null;
                                /** @description The ID of the impersonating actor, if available. */
                                impersonator_id?: string | null;
                                /** @description The ID of the organization. */
                                organization_id?: string;
                            };
                            request?: {
                                /** @description The ID of the request, if available. */
                                id?: string | null;
                            };
                            resource?: {
                                /** @description The ID of the audited resource. */
                                id?: string;
                                /** @description The type of the audited resource (e.g., "run"). */
                                type?: string;
                                /** @description The action that was audited (e.g., "applied"). */
                                action?: string;
                                /** @description Key-value metadata about the audited event. Defaults to null. */
                                meta?: {
                                    [key: string]: unknown;
                                } | null;
                            };
                        }[];
                        pagination?: {
                            current_page?: number;
                            page_size?: number;
                            prev_page?: number | null;
                            next_page?: number | null;
                            total_pages?: number;
                            total_count?: number;
                        };
                    };
                };
            };
            /** @description Unauthorized or forbidden */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getOrganizationToken: {
        parameters: {
            query?: {
                /** @description The type of organization token to retrieve. Omit for the default organization token. */
                token?: "audit-trails";
            };
            header?: never;
            path: {
                /** @description Organization name */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Organization Token details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["authentication-tokens-envelope"];
                };
            };
            /** @description Error Details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createOrganizationToken: {
        parameters: {
            query?: {
                /** @description The type of organization token to create. Omit for the default organization token. */
                token?: "audit-trails";
            };
            header?: never;
            path: {
                /** @description Organization name */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["authentication-tokens-envelope"];
            };
        };
        responses: {
            /** @description Organization token created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["authentication-tokens-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteOrganizationToken: {
        parameters: {
            query?: {
                /** @description The type of organization token to delete. Omit for the default organization token. */
                token?: "audit-trails";
            };
            header?: never;
            path: {
                /** @description Organization name */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Organization token deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listTeamTokensForAnOrganization: {
        parameters: {
            query?: {
                /** @description Search team tokens by team name. */
                q?: string;
                /** @description Filter by token expiry status. Accepts a comma-separated list of any of: `active`, `expiring_in_7_days`, `expiring_in_30_days`, `expired`, `no_expiration`. Multiple values are combined with OR. */
                "filter[expiry_status]"?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description Organization Name */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["authentication-tokens"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteTeamTokensForAnOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Organization Name */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": {
                    data?: {
                        /** @enum {string} */
                        type?: "authentication-tokens";
                        /**
                         * @description External ID of the team token to delete.
                         * @example at-abc123def456
                         */
                        id?: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description Tokens deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listTeams: {
        parameters: {
            query?: {
                /** @description A search query string. Teams are searchable by name (case-insensitive). */
                q?: string;
                /** @description If specified, restricts results to a team with a matching name. If multiple comma separated values are specified, teams matching any of the names are returned. */
                "filter[names]"?: string;
                /** @description Optionally side-load relationships. Can include "users" or "organization-memberships". */
                include?: ("users" | "organization-memberships")[];
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description Name of the organization */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Teams list */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["teams"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                        included?: (components["schemas"]["users"] | components["schemas"]["organization-memberships"])[];
                    };
                };
            };
            /** @description Invalid include parameter */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Organization not found, or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Name of the organization */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["teams-envelope"];
            };
        };
        responses: {
            /** @description Team created successfully */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["teams-envelope"];
                };
            };
            /** @description Invalid include parameter */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Organization not found, or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Malformed request body (missing attributes, wrong types, etc.) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getTeam: {
        parameters: {
            query?: {
                /** @description Optionally side-load relationships. Can include "users" or "organization-memberships". */
                include?: ("users" | "organization-memberships")[];
            };
            header?: never;
            path: {
                /** @description Team ID */
                team_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Team details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["teams-envelope"] & {
                        included?: (components["schemas"]["users"] | components["schemas"]["organization-memberships"])[];
                    };
                };
            };
            /** @description Invalid include parameter */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Team not found, or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Team ID */
                team_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Team deleted successfully */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Team not found, or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Team ID */
                team_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["teams-envelope"];
            };
        };
        responses: {
            /** @description Team updated successfully */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["teams-envelope"];
                };
            };
            /** @description Invalid include parameter */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Team not found, or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Malformed request body (missing attributes, wrong types, etc.) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addTeamMembersByUsername: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the team. */
                team_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["users-identifier-array-document"];
            };
        };
        responses: {
            /** @description Users successfully added to team. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (blank ID, wrong type, user does not exist, user is already a member, user is not in the organization). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Forbidden. The organization is managed by HCP. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Team not found, or user unauthorized to perform action. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removeTeamMembersByUsername: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the team. */
                team_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["users-identifier-array-document"];
            };
        };
        responses: {
            /** @description Users successfully removed from team. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (blank ID, wrong type, user is not a member). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Forbidden. The organization is managed by HCP, or attempting to remove the last owner of the owners team. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Team not found, or user unauthorized to perform action. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listTeamOrganizationMemberships: {
        parameters: {
            query?: {
                /** @description Filter memberships by status. */
                "filter[status]"?: "active" | "invited" | "inactive";
                /** @description Filter to include only service account members. */
                "filter[is_service_account]"?: "true" | "false";
                /** @description Sort memberships. Prefix with '-' for descending order (e.g. '-status'). */
                sort?: "status" | "-status";
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the team. */
                team_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of organization memberships for the team. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["organization-memberships"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Invalid filter or sort parameter. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Team not found, or user unauthorized to perform action. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addTeamMembersByOrgMembership: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the team. */
                team_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["organization-memberships-identifier-array-document"];
            };
        };
        responses: {
            /** @description Users successfully added to team. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (blank ID, wrong type, membership does not exist, user is already a member, user is not in the organization). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Forbidden. The organization is managed by HCP. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Team not found, or user unauthorized to perform action. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removeTeamMembersByOrgMembership: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the team. */
                team_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["organization-memberships-identifier-array-document"];
            };
        };
        responses: {
            /** @description Users successfully removed from team. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (blank ID, wrong type, membership does not exist, user is not a member). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Forbidden. The organization is managed by HCP, or attempting to remove the last active owner of the owners team. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Team not found, or user unauthorized to perform action. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listTeamProjects: {
        parameters: {
            query: {
                /** @description The project ID to list team access for. */
                "filter[project][id]": string;
                /** @description Optionally filter by team ID. */
                "filter[team][id]"?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of team-project access grants */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["team-projects"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Project not found or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addProjectTeamAccess: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["team-projects-envelope"];
            };
        };
        responses: {
            /** @description Team access created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["team-projects-envelope"];
                };
            };
            /** @description Project or team not found or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Malformed request body (missing attributes, wrong types, etc.) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showProjectTeamAccess: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the team/project relationship. */
                team_project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Team-project access details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["team-projects-envelope"];
                };
            };
            /** @description Team access not found or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removeProjectTeamAccess: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the team/project relationship. */
                team_project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Team access removed successfully */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Team access not found or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateProjectTeamAccess: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the team/project relationship. */
                team_project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["team-projects-envelope"];
            };
        };
        responses: {
            /** @description Team access updated successfully */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["team-projects-envelope"];
                };
            };
            /** @description Team access not found or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Malformed request body (missing attributes, wrong types, etc.) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listTeamWorkspaces: {
        parameters: {
            query?: {
                /** @description The workspace ID to list team access for. */
                "filter[workspace][id]"?: string;
                /** @description The team ID to list workspace access for. */
                "filter[team][id]"?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of team access relationships */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["team-workspaces"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Workspace not found or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    addTeamAccess: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["team-workspaces-envelope"];
            };
        };
        responses: {
            /** @description Team access relationship created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["team-workspaces-envelope"];
                };
            };
            /** @description Workspace or Team not found or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Malformed request body (missing attributes, wrong types, etc.) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showTeamAccess: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The team/workspace relationship ID. */
                team_workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Team access relationship details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["team-workspaces-envelope"];
                };
            };
            /** @description Team access not found or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    removeTeamAccess: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The team/workspace relationship ID. */
                team_workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Team access relationship deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Team access not found or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateTeamAccess: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The team/workspace relationship ID. */
                team_workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["team-workspaces-envelope"];
            };
        };
        responses: {
            /** @description Team access relationship updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["team-workspaces-envelope"];
                };
            };
            /** @description Team access not found or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Malformed request body (missing attributes, wrong types, etc.) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listTaskIntegrations: {
        parameters: {
            query?: {
                /** @description Search integrations by name (case-insensitive, partial match). */
                search?: string;
                /** @description Filter integrations by category. */
                category?: string;
                /** @description Include inactive integrations in the results. */
                include_inactive?: "true" | "false";
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["integrations"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Unprocessable Content */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listConfigurationVersions: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of configuration versions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data: components["schemas"]["configuration-versions"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createConfigurationVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["configuration-versions-envelope"];
            };
        };
        responses: {
            /** @description Configuration version created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["configuration-versions-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getConfigurationVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the configuration version. */
                configuration_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Configuration version details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["configuration-versions-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getIngressAttributes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the configuration version. */
                configuration_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ingress attributes details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["ingress-attributes"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    archiveConfigurationVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the configuration version. */
                configuration_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Archive process initiated */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": "null";
                };
            };
            /** @description Configuration version was in a non-archivable state or the configuration version was created with VCS and cannot be archived through the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    softDeleteConfigurationVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the configuration version. */
                configuration_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Configuration version marked for garbage collection */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    restoreConfigurationVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the configuration version. */
                configuration_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Configuration version restored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    permanentlyDeleteConfigurationVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the configuration version. */
                configuration_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Configuration version permanently deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    downloadConfigurationVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the configuration version. */
                configuration_version_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description .tar.gz file containing the configuration version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listOrganizationVcsEvents: {
        parameters: {
            query?: {
                /** @description RFC3339 formatted UTC timestamp. If omitted, defaults to 10 days ago. */
                "filter[from]"?: string;
                /** @description RFC3339 formatted UTC timestamp. If omitted, defaults to now. */
                "filter[to]"?: string;
                /** @description Comma-separated list of OAuth client external IDs to filter by. */
                "filter[oauth_client_external_ids]"?: string;
                /** @description Comma-separated list of event levels to filter by. Accepted values are "info" and "error". */
                "filter[levels]"?: string;
                /** @description Allows including related resource data. */
                include?: "oauth_client"[];
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization to list VCS events from. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of VCS events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["vcs-events"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getVcsTree: {
        parameters: {
            query: {
                /** @description The OAuth token ID to authenticate with the VCS provider */
                oauth_token_id: string;
                /** @description The repository identifier (e.g., "owner/repo") */
                identifier: string;
                /**
                 * @description The branch, tag, or commit SHA to list directories for.
                 *     If not provided, the default branch will be used.
                 */
                branch?: string;
                /** @description The GitHub App installation ID (only needed when using GitHub App authentication) */
                githubAppInstallationId?: string;
            };
            header?: never;
            path: {
                /** @description The name of the organization */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successfully retrieved repository directories */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: {
                            /** @description Unique identifier for the directory */
                            id?: string;
                            /** @enum {string} */
                            type?: "vcs-tree";
                        }[];
                    };
                };
            };
            /** @description Repository not found or user doesn't have access */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description VCS provider error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    checkVcsRepository: {
        parameters: {
            query: {
                /** @description The OAuth token ID to authenticate with the VCS provider */
                oauth_token_id: string;
                /** @description The repository identifier (e.g., "owner/repo") */
                identifier: string;
            };
            header?: never;
            path: {
                /** @description The name of the organization */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successfully checked repository existence */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["vcs-repo-check-envelope"];
                };
            };
            /** @description OAuth token not found or user doesn't have access */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    validateRegistryModuleNames: {
        parameters: {
            query: {
                /** @description The name of the module to validate */
                name: string;
                /** @description The provider of the module to validate */
                provider: string;
            };
            header?: never;
            path: {
                /** @description The name of the organization */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successfully validated the module name and provider */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["registry-module-address-validations-envelope"];
                };
            };
            /** @description Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Organization not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getRegistryModule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization requesting the module. */
                organization_name: string;
                /** @description The registry the module belongs to (e.g. "private" or "public"). */
                registry_name: string;
                /** @description The namespace of the module. */
                namespace: string;
                /** @description The name of the module. */
                name: string;
                /** @description The provider of the module. */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The registry module was found. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["registry-modules-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateRegistryModule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization that owns the module. */
                organization_name: string;
                /** @description The registry the module belongs to (e.g. "private"). */
                registry_name: string;
                /** @description The namespace of the module. */
                namespace: string;
                /** @description The name of the module. */
                name: string;
                /** @description The provider of the module. */
                provider: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["registry-modules-envelope"];
            };
        };
        responses: {
            /** @description The registry module was updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["registry-modules-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getTestRunCleanup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
                /** @description The registry host name. */
                registry_name: string;
                /** @description The namespace of the registry module. */
                namespace: string;
                /** @description The name of the registry module. */
                name: string;
                /** @description The provider of the registry module. */
                provider: string;
                /** @description The ID of the test run. */
                test_run_id: string;
                /** @description The ID of the test run cleanup. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Test run cleanup details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["test-run-cleanups-envelope"];
                };
            };
            /** @description Test run cleanup not found or user unauthorized to perform action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listSshKeys: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["ssh-keys"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createSshKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["ssh-keys-envelope"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["ssh-keys-envelope"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Unprocessable Content */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getSshKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the SSH key. */
                ssh_key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["ssh-keys-envelope"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteSshKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the SSH key. */
                ssh_key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateSshKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the SSH key. */
                ssh_key_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["ssh-keys-envelope"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["ssh-keys-envelope"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Unprocessable Content */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listWorkspaceChangeRequests: {
        parameters: {
            query?: {
                /** @description When true, returns only archived change requests. When false, returns only unarchived change requests. When omitted, returns all change requests ordered by creation date. */
                archive?: boolean;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The workspace ID. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of change requests */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["workspace-change-requests"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    showChangeRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The change request ID. */
                change_request_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Change request details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspace-change-requests-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getChangeRequestArchive: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The change request ID. */
                change_request_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Change request details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspace-change-requests-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    archiveChangeRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The change request ID. */
                change_request_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Change request successfully archived */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspace-change-requests-envelope"];
                };
            };
            /** @description The change request is already archived. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getOAuthClient: {
        parameters: {
            query?: {
                /** @description If true, includes names of up to 25 affected workspaces and the total count. */
                show_affected_workspaces?: boolean;
            };
            header?: never;
            path: {
                /** @description The ID of the OAuth Client. */
                oauth_client_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OAuth Client details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["oauth-clients-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    destroyOAuthClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the OAuth Client to destroy. */
                oauth_client_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OAuth Client successfully destroyed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateOAuthClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the OAuth Client to update. */
                oauth_client_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["oauth-clients-envelope"];
            };
        };
        responses: {
            /** @description OAuth Client updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["oauth-clients-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createOAuthClient: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["oauth-clients-envelope"];
            };
        };
        responses: {
            /** @description OAuth Client created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["oauth-clients-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listOAuthClients: {
        parameters: {
            query?: {
                /** @description If true, includes names of up to 25 affected workspaces and total count per client. */
                show_affected_workspaces?: boolean;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of OAuth Clients */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["oauth-clients"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createOAuthClientForOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["oauth-clients-envelope"];
            };
        };
        responses: {
            /** @description OAuth Client created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["oauth-clients-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    attachOAuthClientToProjects: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the OAuth Client to attach to projects. */
                oauth_client_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["projects-identifier-array-document"];
            };
        };
        responses: {
            /** @description OAuth Client successfully attached to projects. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    detachOAuthClientFromProjects: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the OAuth Client to detach from projects. */
                oauth_client_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["projects-identifier-array-document"];
            };
        };
        responses: {
            /** @description OAuth Client successfully detached from projects. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getOauthToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the OAuth token. */
                oauth_token_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["oauth-tokens-envelope"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteOauthToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the OAuth token. */
                oauth_token_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateOauthToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the OAuth token. */
                oauth_token_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["oauth-tokens-envelope"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["oauth-tokens-envelope"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Unprocessable Content */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listOauthTokensForOrganization: {
        parameters: {
            query?: {
                /** @description Filter tokens by VCS provider name. */
                "filter[provider]"?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["oauth-tokens"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listOauthTokensForOauthClient: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the OAuth client. */
                oauth_client_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["oauth-tokens"][];
                        links?: components["schemas"]["self-with-pagination"];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listAuthorizedReposForOauthToken: {
        parameters: {
            query?: {
                /** @description The VCS organization name to scope repositories to. Required for Azure DevOps providers. */
                organization?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the OAuth token. */
                oauth_token_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["authorized-repos"][];
                        meta?: {
                            /** @description The next page number, if more pages are available. */
                            "next-page"?: number | null;
                        };
                    };
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listVcsOrganizationsForOauthToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the OAuth token. */
                oauth_token_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["vcs-organization"][];
                    };
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listGithubAppInstallations: {
        parameters: {
            query?: {
                /** @description Filter by GitHub organization or login name. */
                "filter[name]"?: string;
                /** @description Filter by GitHub installation ID. */
                "filter[installation_id]"?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of GitHub App installations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["github-app-installations"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listGithubAppInstallationRepos: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the GitHub App installation. */
                github_app_installation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of repositories */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["github-app-repos"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getGithubAppInstallation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the GitHub App installation. */
                github_app_installation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GitHub App installation details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["github-app-installations-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listGithubAppInstallationsForCurrentUser: {
        parameters: {
            query?: {
                /** @description Filter by GitHub organization or login name. */
                "filter[name]"?: string;
                /** @description Filter by GitHub installation ID. */
                "filter[installation_id]"?: string;
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of GitHub App installations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["github-app-installations"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listOrganizationGithubAppInstallations: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of GitHub App installations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["github-app-installations"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listOrganizationGithubAppInstallationRepos: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
                /** @description The ID of the GitHub App installation. */
                github_app_installation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of repositories */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["github-app-repos"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    linkOrganizationGithubAppInstallation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
                /** @description The ID of the GitHub App installation. */
                github_app_installation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error?: string;
                    };
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getTask: {
        parameters: {
            query?: {
                /** @description Allows including related resource data. */
                include?: ("workspace_tasks" | "workspace_tasks.workspace")[];
            };
            header?: never;
            path: {
                /** @description The ID of the run task. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Run task details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["tasks-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the run task. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Run task deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the run task. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["tasks-envelope"];
            };
        };
        responses: {
            /** @description Run task updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["tasks-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listOrganizationTasks: {
        parameters: {
            query?: {
                /** @description Allows including related resource data. */
                include?: ("workspace_tasks" | "workspace_tasks.workspace")[];
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of run tasks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["tasks"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name of the organization. */
                organization_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["tasks-envelope"];
            };
        };
        responses: {
            /** @description Run task created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["tasks-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listTaskWorkspaceTasks: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the run task. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of workspace run tasks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["workspace-tasks"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listWorkspaceTasks: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of workspace run tasks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["workspace-tasks"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createWorkspaceTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspace-tasks-envelope"];
            };
        };
        responses: {
            /** @description Workspace run task created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspace-tasks-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getWorkspaceTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
                /** @description The ID of the workspace run task. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workspace run task details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspace-tasks-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    deleteWorkspaceTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
                /** @description The ID of the workspace run task. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workspace run task deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    updateWorkspaceTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the workspace. */
                workspace_id: string;
                /** @description The ID of the workspace run task. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspace-tasks-envelope"];
            };
        };
        responses: {
            /** @description Workspace run task updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspace-tasks-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getTaskStage: {
        parameters: {
            query?: {
                /** @description A comma-separated list of related resources to include. */
                include?: ("run" | "run.workspace" | "task_results" | "policy_evaluations" | "cost_estimate")[];
            };
            header?: never;
            path: {
                /** @description The ID of the task stage to show. */
                task_stage_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Task stage details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["task-stages-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    overrideTaskStage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the task stage to override. */
                task_stage_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Task stage successfully overridden */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["task-stages-envelope"];
                };
            };
            /** @description The task stage is not in an overridable state or has no overridable failures. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listRunTaskStages: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the run to list task stages for. */
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of run task stages */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["task-stages"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getTaskResult: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the task result to show. */
                task_result_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Task result details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["task-results-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getTaskResultBody: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the task result. */
                task_result_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description File containing the task result body. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Task result not found or has no body content */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    callbackTaskResult: {
        parameters: {
            query?: {
                /** @description The callback authentication token issued to the run task integration. Required for run task integrations; not required for token-authenticated requests. */
                url_code?: string;
            };
            header?: never;
            path: {
                /** @description The ID of the task result to update. */
                task_result_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["task-results-envelope"];
            };
        };
        responses: {
            /** @description Task result updated successfully */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["task-results-envelope"];
                };
            };
            /** @description The task result is in a terminal state and cannot be updated. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Invalid attributes provided. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listTaskResultOutcomes: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path: {
                /** @description The ID of the task result to list outcomes for. */
                task_result_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of run task result outcomes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["task-result-outcomes"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                        links?: components["schemas"]["self-with-pagination"];
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getTaskResultOutcome: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ID of the task result outcome to show. */
                task_result_outcome_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Task result outcome details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["task-result-outcomes-envelope"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    listWorkspaceTransfers: {
        parameters: {
            query?: {
                /** @description The page number to retrieve. */
                "page[number]"?: components["parameters"]["page_number"];
                /** @description The number of items to retrieve per page. Defaults to 20. */
                "page[size]"?: components["parameters"]["page_size"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List of workspace transfers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": {
                        data?: components["schemas"]["workspace-transfers"][];
                        meta?: {
                            pagination?: components["schemas"]["pagination"];
                        };
                    };
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    createWorkspaceTransfer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.api+json": components["schemas"]["workspace-transfers-envelope"];
            };
        };
        responses: {
            /** @description Workspace transfer created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspace-transfers-envelope"];
                };
            };
            /** @description Validation error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    getWorkspaceTransfer: {
        parameters: {
            query?: {
                /** @description Allows including related resource data. */
                include?: "events"[];
            };
            header?: never;
            path: {
                /** @description Workspace Transfer ID */
                workspace_transfer_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workspace transfer details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspace-transfers-envelope"];
                };
            };
            /** @description Workspace transfer not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    resumeWorkspaceTransfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace Transfer ID */
                workspace_transfer_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workspace transfer resumed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspace-transfers-envelope"];
                };
            };
            /** @description Transfer is not paused */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
    cancelWorkspaceTransfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace Transfer ID */
                workspace_transfer_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workspace transfer canceled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["workspace-transfers-envelope"];
                };
            };
            /** @description Transfer cannot be canceled (already started source workspace deletion, completed, or already canceled) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
            /** @description Error details */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.api+json": components["schemas"]["errors"];
                };
            };
        };
    };
}
