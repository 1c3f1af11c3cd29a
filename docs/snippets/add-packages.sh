yarn --cwd packages/backend add @dr-portal/backstage-plugin-disaster-recovery-backend @dr-portal/backstage-plugin-scaffolder-backend-module-disaster-recovery @dr-portal/backstage-plugin-catalog-backend-module-disaster-recovery
yarn --cwd packages/app add @dr-portal/backstage-plugin-disaster-recovery
